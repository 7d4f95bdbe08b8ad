import { randomBytes } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
// 248 is the largest multiple of 62 below 256: bytes above it are dropped so every character is equally likely.
const UNBIASED_LIMIT = 248;

/** Short random ids (about 95 bits for 16 characters) that fit in button payloads and URLs. */
export function newId(length = 16): string {
  let id = '';
  while (id.length < length) {
    for (const byte of randomBytes(length)) {
      if (byte < UNBIASED_LIMIT && id.length < length) id += ALPHABET[byte % ALPHABET.length];
    }
  }
  return id;
}

export type IdGenerator = () => string;
