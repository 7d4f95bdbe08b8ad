/**
 * Messenger webhook payloads → neutral events. One POST can carry several entries, each with several
 * messaging items; every item is handled on its own.
 */
import { z } from 'zod';
import { looksLikeShareRef } from '../../domain/share';
import type { InboundEvent, PersonInput } from '../../engine/types';

export const GET_STARTED = 'GET_STARTED';
/** Persistent-menu items name a command of the flows, e.g. `COMMAND:signups`. */
export const COMMAND_PREFIX = 'COMMAND:';
/** Menus set by earlier versions sent words (`WORDS:my signups`): still read as typed words. */
const WORDS_PREFIX = 'WORDS:';

// Messenger's timestamps are milliseconds; beyond year 9999 a Date cannot be written.
const millis = z.number().int().min(0).max(253_402_300_799_999);
const ref = z.object({ ref: z.string().max(1000).optional() });

/**
 * The part of a messaging item the bot reads, checked before anything uses it. Unknown fields (an
 * attachment's payload, a sticker id) are left out: the inbox keeps only what was checked.
 */
const messagingItemSchema = z.object({
  sender: z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a page-scoped id') }),
  timestamp: millis.optional(),
  message: z
    .object({
      mid: z.string().max(200).optional(),
      text: z.string().max(20_000).optional(),
      is_echo: z.boolean().optional(),
      quick_reply: z.object({ payload: z.string().max(1000).optional() }).optional(),
      attachments: z
        .array(z.object({ type: z.string().max(32).optional() }))
        .max(50)
        .optional(),
    })
    .optional(),
  postback: z
    .object({
      mid: z.string().max(200).optional(),
      payload: z.string().max(1000).optional(),
      title: z.string().max(200).optional(),
      referral: ref.optional(),
    })
    .optional(),
  referral: ref.optional(),
  delivery: z.object({ watermark: millis.optional() }).optional(),
  read: z.object({ watermark: millis.optional() }).optional(),
});

export type MessagingItem = z.output<typeof messagingItemSchema>;

/** One item as it was kept in the inbox (by this version or an older one), checked again. */
export function checkMessagingItem(raw: unknown): MessagingItem | undefined {
  const result = messagingItemSchema.safeParse(raw);
  return result.success ? result.data : undefined;
}

/** Every item of a webhook body, checked: those the bot can read, and why the others were dropped. */
export function messagingItems(payload: unknown): { items: MessagingItem[]; dropped: string[] } {
  const items: MessagingItem[] = [];
  const dropped: string[] = [];
  const body = payload as { object?: unknown; entry?: unknown } | null;
  if (typeof body !== 'object' || body === null || body.object !== 'page' || !Array.isArray(body.entry))
    return { items, dropped: ['not a page subscription body'] };
  for (const entry of body.entry as unknown[]) {
    const messaging = (entry as { messaging?: unknown } | null)?.messaging;
    if (!Array.isArray(messaging)) {
      dropped.push('entry without messaging items');
      continue;
    }
    for (const raw of messaging as unknown[]) {
      const result = messagingItemSchema.safeParse(raw);
      if (result.success) items.push(result.data);
      else dropped.push(`${result.error.issues[0].path.join('.')}: ${result.error.issues[0].message}`);
    }
  }
  return { items, dropped };
}

export type MessengerInbound =
  | { kind: 'conversation'; psid: string; event: InboundEvent }
  | { kind: 'watermark'; psid: string; type: 'delivery' | 'read'; at: string }
  | { kind: 'ignored'; reason: string };

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
  return ref && looksLikeShareRef(ref) ? { type: 'start', shareRef: ref } : { type: 'start' };
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
