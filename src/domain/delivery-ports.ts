/** The ports of delivery: the durable outbox and the web chat's mailbox (re-exported by ports.ts). */
import type { OutboundMessage } from './messages';
import type { OutboxCount, OutboxEntry, OutboxOutcome, OutboxPriority, SkipReason } from './outbox';

export interface ClaimRequest {
  /** The dispatcher claiming; only it may settle what it claimed. */
  owner: string;
  now: string;
  /** Until when the claim holds; past it, the entry is considered interrupted. */
  leaseUntil: string;
  limit: number;
  /** Only this priority; both (high first) when absent. */
  priority?: OutboxPriority;
}

export interface OutboxRepository {
  /** Idempotent per key: an entry whose key is already there is left as it is. Returns how many were new. */
  enqueue(entries: OutboxEntry[]): Promise<number>;
  /**
   * Atomic: an entry goes to one claimer only. Takes pending and failed entries due by `now`, high
   * priority first, then by `notBefore`; they become `sending`, held by `owner` until `leaseUntil`.
   */
  claim(request: ClaimRequest): Promise<OutboxEntry[]>;
  /** Applies only while `owner` still holds the entry; false when it no longer does (nothing changed). */
  settle(id: string, owner: string, outcome: OutboxOutcome, now: string): Promise<boolean>;
  /** `sending` entries whose lease ran out (their process died) become `dead`, never sent again. Returns how many. */
  releaseExpired(now: string): Promise<number>;
  /** Pending and failed entries of the group become `skipped` with the reason. Returns how many. */
  cancelPending(group: string, reason: SkipReason, now: string): Promise<number>;
  /**
   * Erasure: the contact's waiting entries become `skipped` (`erased`), and every entry of theirs
   * loses its recipient address and text (the counts stay right). Returns how many were waiting.
   */
  forgetContact(contactId: string, now: string): Promise<number>;
  get(key: string): Promise<OutboxEntry | undefined>;
  /** Entries of a group by channel, status and reason. */
  counts(group: string): Promise<OutboxCount[]>;
  /** The entries of a group, a batch at a time (delivery and read statistics). */
  entries(group: string, size: number): AsyncIterable<OutboxEntry[]>;
  /** Retention: settled entries (sent, skipped, dead) last changed before `before` are deleted. Returns how many. */
  purgeSettled(before: string): Promise<number>;
}

/** Messages waiting for a web chat visitor, fetched by the page when it polls. */
export interface MailboxItem {
  id: string;
  externalId: string;
  messages: OutboundMessage[];
  at: string;
}

export interface MailboxRepository {
  add(item: MailboxItem): Promise<void>;
  /** The visitor's items after the one with id `after` (all when absent), oldest first. */
  list(externalId: string, after: string | undefined, limit: number): Promise<MailboxItem[]>;
  removeAllFor(externalId: string): Promise<number>;
  /** Retention: items written before `before` are deleted. Returns how many. */
  purgeBefore(before: string): Promise<number>;
}
