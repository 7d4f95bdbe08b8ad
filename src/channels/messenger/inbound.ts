/**
 * Messenger webhook payloads → neutral events. One POST can carry several entries, each with several
 * messaging items; every item is handled on its own.
 */
import { decodeShareRef } from '../../domain/share';
import type { InboundEvent, PersonInput } from '../../engine/types';

export const GET_STARTED = 'GET_STARTED';
/** Persistent-menu items name a command of the flows, e.g. `COMMAND:signups`. */
export const COMMAND_PREFIX = 'COMMAND:';
/** Menus set by earlier versions sent words (`WORDS:my signups`): still read as typed words. */
const WORDS_PREFIX = 'WORDS:';

export interface MessagingItem {
  sender?: { id?: string };
  recipient?: { id?: string };
  timestamp?: number;
  message?: {
    mid?: string;
    text?: string;
    is_echo?: boolean;
    quick_reply?: { payload?: string };
    attachments?: { type?: string }[];
  };
  postback?: { mid?: string; payload?: string; title?: string; referral?: { ref?: string } };
  referral?: { ref?: string };
  delivery?: { watermark?: number };
  read?: { watermark?: number };
}

export interface WebhookPayload {
  object?: string;
  entry?: { id?: string; time?: number; messaging?: MessagingItem[] }[];
}

export type MessengerInbound =
  | { kind: 'conversation'; psid: string; event: InboundEvent }
  | { kind: 'watermark'; psid: string; type: 'delivery' | 'read'; at: string }
  | { kind: 'ignored'; reason: string };

/** Every messaging item of a payload, in order. */
export function messagingItems(payload: WebhookPayload): MessagingItem[] {
  if (payload.object !== 'page' || !Array.isArray(payload.entry)) return [];
  return payload.entry.flatMap((entry) => (Array.isArray(entry.messaging) ? entry.messaging : []));
}

/** A stable id for an item: its mid when it has one, else who, when and what. */
export function itemId(item: MessagingItem): string {
  const mid = item.message?.mid ?? item.postback?.mid;
  if (mid) return `m:${mid}`;
  const what = item.postback
    ? 'postback'
    : item.referral
      ? 'referral'
      : item.delivery
        ? 'delivery'
        : item.read
          ? 'read'
          : 'other';
  return `t:${item.sender?.id ?? '?'}:${item.timestamp ?? 0}:${what}`;
}

function fromRef(ref: string | undefined): PersonInput {
  const share = ref ? decodeShareRef(ref) : undefined;
  return share
    ? { type: 'start', opportunityId: share.opportunityId, ...(share.sharedBy ? { sharedBy: share.sharedBy } : {}) }
    : { type: 'start' };
}

function fromPayload(payload: string): PersonInput {
  if (payload === GET_STARTED) return { type: 'start' };
  if (payload.startsWith(COMMAND_PREFIX)) return { type: 'command', name: payload.slice(COMMAND_PREFIX.length) };
  if (payload.startsWith(WORDS_PREFIX)) return { type: 'text', text: payload.slice(WORDS_PREFIX.length) };
  return { type: 'choice', payload };
}

export function parseItem(item: MessagingItem): MessengerInbound {
  const psid = item.sender?.id;
  if (!psid) return { kind: 'ignored', reason: 'no sender' };
  if (item.message?.is_echo) return { kind: 'ignored', reason: 'echo of our own message' };
  if (item.delivery?.watermark)
    return { kind: 'watermark', psid, type: 'delivery', at: new Date(item.delivery.watermark).toISOString() };
  if (item.read?.watermark)
    return { kind: 'watermark', psid, type: 'read', at: new Date(item.read.watermark).toISOString() };

  let input: PersonInput | undefined;
  if (item.postback) {
    // Get Started in a new thread opened from m.me/<page>?ref=...: the referral rides on the postback.
    input =
      item.postback.referral?.ref !== undefined
        ? fromRef(item.postback.referral.ref)
        : fromPayload(item.postback.payload ?? GET_STARTED);
  } else if (item.referral) {
    input = fromRef(item.referral.ref);
  } else if (item.message) {
    if (item.message.quick_reply?.payload) input = fromPayload(item.message.quick_reply.payload);
    else if (item.message.text !== undefined) input = { type: 'text', text: item.message.text };
    else input = { type: 'attachment', kind: item.message.attachments?.[0]?.type ?? 'other' };
  }
  if (!input) return { kind: 'ignored', reason: 'not a kind of event the bot handles' };
  const sentAt = item.timestamp !== undefined ? { sentAt: new Date(item.timestamp).toISOString() } : {};
  return {
    kind: 'conversation',
    psid,
    event: { channel: 'messenger', externalId: psid, eventId: itemId(item), ...sentAt, input },
  };
}
