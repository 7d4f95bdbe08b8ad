/**
 * The durable outbox: everything the bot says that is not an immediate reply (reminders, alerts,
 * broadcasts, answers from coordinators) is an entry here first, so nothing is lost, nothing is sent
 * twice, and the dispatcher can keep every platform's rate limits.
 */
import type { OutboundMessage } from './messages';
import type { ChannelName } from './model';

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'skipped', 'failed', 'dead'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const OUTBOX_PURPOSES = [
  'reminder',
  'followup',
  'waitlist_offer',
  'notice',
  'answer',
  'alert',
  'broadcast',
] as const;
export type OutboxPurpose = (typeof OUTBOX_PURPOSES)[number];

/** `high` is what one person is waiting for; `bulk` (alerts, broadcasts) only uses what is left. */
export type OutboxPriority = 'high' | 'bulk';

/** Why an entry was not sent. Stable words: the dashboard counts and translates them. */
export const SKIP_REASONS = [
  'stopped',
  'unreachable',
  'erased',
  'outside_window',
  'no_route',
  'cancelled',
  'signup_cancelled',
  'rescheduled',
  'superseded',
  'meeting_started',
  'unpublished',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** A `sending` entry whose process died: it may or may not have gone out, so it is never retried. */
export const INTERRUPTED = 'interrupted mid-send; not retried, so it cannot arrive twice';

export interface OutboxEntry {
  id: string;
  /** Unique: enqueueing the same key again changes nothing (sign-up + offset, broadcast + contact...). */
  key: string;
  /** Entries cancelled and counted together: `broadcast:<id>`, `reminders:<opportunity>`... */
  group: string;
  purpose: OutboxPurpose;
  priority: OutboxPriority;
  contactId: string;
  /** Where it is meant to go; the dispatcher may choose another of the contact's channels. */
  channel: ChannelName;
  externalId: string;
  /** Emptied once the entry is settled: the record stays for counting, the text does not. */
  messages: OutboundMessage[];
  /** Messages already delivered: a retry resumes after them. */
  partsSent: number;
  notBefore: string;
  /** What the entry is about, checked again just before sending (a cancelled sign-up, a moved meeting). */
  about?: { signupId?: string; opportunityId?: string; startsAt?: string };
  status: OutboxStatus;
  reason?: SkipReason;
  attempts: number;
  lastError?: string;
  /** The dispatcher holding a `sending` entry, and until when. */
  owner?: string;
  leaseUntil?: string;
  createdAt: string;
  updatedAt: string;
  /** When a `sent` entry went out. */
  sentAt?: string;
}

export type OutboxOutcome =
  | { status: 'sent'; partsSent: number; channel: ChannelName; externalId: string }
  | { status: 'skipped'; reason: SkipReason }
  | { status: 'failed'; error: string; partsSent: number; notBefore: string }
  | { status: 'dead'; error: string; partsSent: number };

export interface OutboxCount {
  channel: ChannelName;
  status: OutboxStatus;
  reason?: SkipReason;
  count: number;
}

export type NewOutboxEntry = Pick<
  OutboxEntry,
  'id' | 'key' | 'group' | 'purpose' | 'contactId' | 'channel' | 'externalId' | 'messages'
> &
  Partial<Pick<OutboxEntry, 'about' | 'priority'>> & { notBefore: Date | string; now: Date | string };

const iso = (instant: Date | string): string => (typeof instant === 'string' ? instant : instant.toISOString());

/** A new entry with its bookkeeping fields set. Built field by field: broadcasts make a hundred thousand. */
export function newOutboxEntry(fields: NewOutboxEntry): OutboxEntry {
  const now = iso(fields.now);
  const entry: OutboxEntry = {
    id: fields.id,
    key: fields.key,
    group: fields.group,
    purpose: fields.purpose,
    priority: fields.priority ?? (fields.purpose === 'alert' || fields.purpose === 'broadcast' ? 'bulk' : 'high'),
    contactId: fields.contactId,
    channel: fields.channel,
    externalId: fields.externalId,
    messages: fields.messages,
    partsSent: 0,
    notBefore: iso(fields.notBefore),
    status: 'pending',
    attempts: 0,
    createdAt: now,
    updatedAt: now,
  };
  if (fields.about) entry.about = fields.about;
  return entry;
}

/** The record an outcome leaves; settled entries drop their text to keep the store small. */
export function settledEntry(entry: OutboxEntry, outcome: OutboxOutcome, now: string): OutboxEntry {
  const { owner: _owner, leaseUntil: _lease, ...rest } = entry;
  switch (outcome.status) {
    case 'sent':
      return {
        ...rest,
        status: 'sent',
        channel: outcome.channel,
        externalId: outcome.externalId,
        partsSent: outcome.partsSent,
        messages: [],
        sentAt: now,
        updatedAt: now,
      };
    case 'skipped':
      return { ...rest, status: 'skipped', reason: outcome.reason, messages: [], updatedAt: now };
    case 'failed':
      return {
        ...rest,
        status: 'failed',
        lastError: outcome.error,
        partsSent: outcome.partsSent,
        notBefore: outcome.notBefore,
        updatedAt: now,
      };
    case 'dead':
      return {
        ...rest,
        status: 'dead',
        lastError: outcome.error,
        partsSent: outcome.partsSent,
        messages: [],
        updatedAt: now,
      };
  }
}

/** An entry as claimed by `owner` until `leaseUntil`. */
export function claimedEntry(entry: OutboxEntry, owner: string, now: string, leaseUntil: string): OutboxEntry {
  return { ...entry, status: 'sending', owner, leaseUntil, attempts: entry.attempts + 1, updatedAt: now };
}

/** A claimed entry whose lease ran out: resolved in favour of at most once. */
export function interruptedEntry(entry: OutboxEntry, now: string): OutboxEntry {
  return settledEntry(entry, { status: 'dead', error: INTERRUPTED, partsSent: entry.partsSent }, now);
}

export function isClaimable(entry: OutboxEntry, now: string): boolean {
  return (entry.status === 'pending' || entry.status === 'failed') && entry.notBefore <= now;
}
