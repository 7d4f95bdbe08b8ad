import { randomFillSync } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
// 248 is the largest multiple of 62 below 256: bytes above it are dropped so every character is equally likely.
const UNBIASED_LIMIT = 248;
// One call to the system's random source serves many ids; it is the costly part of making one.
const pool = Buffer.alloc(4096);
let position = pool.length;

function randomByte(): number {
  if (position === pool.length) {
    randomFillSync(pool);
    position = 0;
  }
  return pool[position++];
}

/** Short random ids (about 95 bits for 16 characters) that fit in button payloads and URLs. */
export function newId(length = 16): string {
  let id = '';
  while (id.length < length) {
    const byte = randomByte();
    if (byte < UNBIASED_LIMIT) id += ALPHABET[byte % ALPHABET.length];
  }
  return id;
}

export type IdGenerator = () => string;
