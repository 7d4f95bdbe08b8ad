/**
 * What a channel keeps for itself, by key: Telegram's long button payloads, the delivery and read
 * receipts a platform reports (Messenger's watermarks). The domain decides nothing from these; it
 * only erases a person's with them and reads receipts for a broadcast's report.
 */
import type { ChannelIdentity, ChannelName } from './model';

export interface ChannelStateEntry {
  channel: ChannelName;
  key: string;
  value: string;
  savedAt: string;
  /** The person's id on that channel when the value is about them: erasure removes it with them. */
  owner?: string;
}

export interface ChannelStateRepository {
  /** Sets the value under the channel's key, replacing any. */
  put(entry: ChannelStateEntry): Promise<void>;
  get(channel: ChannelName, key: string): Promise<string | undefined>;
  /** Erasure: every value a channel keeps about this person. Returns how many went. */
  forget(identity: ChannelIdentity): Promise<number>;
  /** Retention: values saved before `before` are deleted (an old button then says it expired). */
  purgeBefore(before: string): Promise<number>;
}

/** What a platform says about messages sent to a person: delivered, or read, up to a time. */
export type ReceiptKind = 'delivered' | 'read';

/** Where a channel keeps a person's receipt watermark: everything sent before it was delivered (or read). */
export const receiptKey = (kind: ReceiptKind, externalId: string) => `receipt:${kind}:${externalId}`;
