/**
 * Share references: which opportunity a link opens and, when signed, who shared it and from which
 * channel. They travel in Telegram's `start` parameter (at most 64 characters of A-Z a-z 0-9 _ -),
 * Messenger's `ref` and the public page's `?r=`, so they are short and use only those characters.
 *
 * Crediting someone must not be forgeable (an association sees the first names of the people whose
 * links brought others): a reference naming a sharer carries an HMAC of its content under the
 * bot's SHARE_SECRET. One that does not verify still opens the opportunity, as an anonymous visit.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ChannelName } from './model';

export interface ShareRef {
  opportunityId: string;
  /** The contact who shared; present only in a reference whose signature verified. */
  sharedBy?: string;
  /** Where the sharer was when they took the link. */
  channel?: ChannelName;
}

export const MAX_SHARE_REF_LENGTH = 64;

const OPEN = 'o';
const SIGNED = 's';
const ID = /^[A-Za-z0-9_-]{1,40}$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const CHANNEL_CODES: Record<ChannelName, string> = { telegram: 't', messenger: 'm', web: 'w' };
const CHANNEL_BY_CODE = new Map(Object.entries(CHANNEL_CODES).map(([name, code]) => [code, name as ChannelName]));
/** 8 bytes of HMAC-SHA256: forging one takes 2^64 tries, each an HTTP request. */
const TAG_BYTES = 8;
const TAG_LENGTH = Math.ceil((TAG_BYTES * 4) / 3);

/** How the engine makes and reads share links (wired by the app with the bot's key and address). */
export interface Sharing {
  /** The opportunity's public page, with a reference crediting the sharer. */
  link(ref: Required<ShareRef>): string;
  read(text: string): ShareRef | undefined;
}

/** Whether `text` can be a reference at all: what channels pass on to be read. */
export function looksLikeShareRef(text: string): boolean {
  return text.length <= MAX_SHARE_REF_LENGTH && /^[A-Za-z0-9_-]+$/.test(text);
}

const ASSOCIATION = 'a';

/** A reference that opens the bot on one association's opportunities (the website widget's). */
export function associationRef(organisationId: string): string {
  return ASSOCIATION + organisationId;
}

export function readAssociationRef(text: string): string | undefined {
  const id = text.slice(ASSOCIATION.length);
  return text.startsWith(ASSOCIATION) && ID.test(id) ? id : undefined;
}

/** A reference that opens the opportunity and credits no one: needs no secret. */
export function openRef(opportunityId: string): string {
  return OPEN + Buffer.from(`${opportunityId}|`, 'utf8').toString('base64url');
}

export class ShareReferences {
  constructor(private readonly secret: string) {
    if (secret.length < 16) throw new RangeError('SHARE_SECRET must be at least 16 characters');
  }

  /**
   * `s`, the channel's letter, the opportunity id's length as one letter, the two ids, the tag.
   * Ids too long to fit give a reference that credits no one rather than a link that breaks.
   */
  sign(ref: Required<ShareRef>): string {
    if (!ID.test(ref.opportunityId) || !ID.test(ref.sharedBy)) return openRef(ref.opportunityId);
    const body =
      SIGNED + CHANNEL_CODES[ref.channel] + ALPHABET[ref.opportunityId.length] + ref.opportunityId + ref.sharedBy;
    if (body.length + TAG_LENGTH > MAX_SHARE_REF_LENGTH) return openRef(ref.opportunityId);
    return body + this.tag(body);
  }

  /** Undefined for anything that is not a reference we made: links get mangled, people type. */
  read(text: string): ShareRef | undefined {
    if (!looksLikeShareRef(text)) return undefined;
    if (text.startsWith(OPEN)) return readOpen(text);
    if (!text.startsWith(SIGNED) || text.length < 4 + TAG_LENGTH) return undefined;
    const channel = CHANNEL_BY_CODE.get(text[1]);
    const idLength = ALPHABET.indexOf(text[2]);
    const body = text.slice(0, -TAG_LENGTH);
    const opportunityId = body.slice(3, 3 + idLength);
    const sharedBy = body.slice(3 + idLength);
    if (!channel || idLength < 1 || !ID.test(opportunityId) || !ID.test(sharedBy)) return undefined;
    const given = Buffer.from(text.slice(-TAG_LENGTH), 'base64url');
    const expected = Buffer.from(this.tag(body), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { opportunityId };
    return { opportunityId, sharedBy, channel };
  }

  private tag(body: string): string {
    return createHmac('sha256', this.secret)
      .update(`share:${body}`)
      .digest()
      .subarray(0, TAG_BYTES)
      .toString('base64url');
  }
}

/** Also reads links made before references were signed: whoever they name is not credited. */
function readOpen(text: string): ShareRef | undefined {
  const decoded = Buffer.from(text.slice(OPEN.length), 'base64url').toString('utf8');
  const match = /^([A-Za-z0-9_-]{1,40})\|([A-Za-z0-9_-]{0,40})$/.exec(decoded);
  return match ? { opportunityId: match[1] } : undefined;
}
