/**
 * The store's append-mostly ports: the webhook inbox, measurement events, and the few values the bot
 * makes once and keeps (re-exported by ports.ts with the others).
 */
import type { ChannelName, MetricEvent, MetricType } from './model';
import type { ListWindow } from './ports';

/** A webhook event kept before it is acknowledged, so a crash right after cannot lose it. */
export interface InboxEntry {
  id: string;
  channel: ChannelName;
  payload: unknown;
  receivedAt: string;
}

export interface InboxRepository {
  /** Durable when the promise resolves: only then may the platform be told "200 OK". */
  add(entry: InboxEntry): Promise<void>;
  /** Entries not yet marked done, oldest first (after a restart: those a crash interrupted). */
  pending(channel: ChannelName, limit: number): Promise<InboxEntry[]>;
  done(id: string): Promise<void>;
}

/** Which measurement events: of one type, and optionally of one opportunity, person or sharer. */
export interface MetricFilter {
  type: MetricType;
  opportunityId?: string;
  contactId?: string;
  sharedBy?: string;
}

export interface MetricRepository {
  record(event: MetricEvent): Promise<void>;
  count(filter: MetricFilter): Promise<number>;
  /** Matching events, oldest first: one person's arrivals, what came through one person's links. */
  find(filter: MetricFilter, window?: ListWindow): Promise<MetricEvent[]>;
  /** Every event about one opportunity, oldest first (statistics over time). */
  listByOpportunity(opportunityId: string, window?: ListWindow): Promise<MetricEvent[]>;
}

/** Values the bot makes once and keeps for good (the key signing share references). */
export interface SettingRepository {
  /** Keeps `value` under `key` unless one is there already; returns the one kept (first writer wins). */
  keep(key: string, value: string): Promise<string>;
}
