/**
 * Share references: which opportunity a link opens and who shared it. Encoded base64url so they fit
 * Telegram's `start` parameter (at most 64 characters of A-Z a-z 0-9 _ -) and Messenger's `ref`.
 */
export interface ShareRef {
  opportunityId: string;
  sharedBy?: string;
}

const PREFIX = 'o';
export const MAX_SHARE_REF_LENGTH = 64;

export function encodeShareRef(ref: ShareRef): string {
  const encoded = PREFIX + Buffer.from(`${ref.opportunityId}|${ref.sharedBy ?? ''}`, 'utf8').toString('base64url');
  if (encoded.length > MAX_SHARE_REF_LENGTH)
    throw new RangeError(`Share reference longer than ${MAX_SHARE_REF_LENGTH} characters`);
  return encoded;
}

/** Undefined for anything that is not a share reference we made: links get mangled, people type. */
export function decodeShareRef(text: string): ShareRef | undefined {
  if (!text.startsWith(PREFIX) || text.length > MAX_SHARE_REF_LENGTH || !/^[A-Za-z0-9_-]+$/.test(text))
    return undefined;
  const decoded = Buffer.from(text.slice(PREFIX.length), 'base64url').toString('utf8');
  const match = /^([A-Za-z0-9_-]{1,40})\|([A-Za-z0-9_-]{0,40})$/.exec(decoded);
  if (!match) return undefined;
  return match[2] ? { opportunityId: match[1], sharedBy: match[2] } : { opportunityId: match[1] };
}
