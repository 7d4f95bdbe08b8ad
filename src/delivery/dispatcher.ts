/**
 * The outbox's dispatcher: claims due entries atomically, sends them through each channel's
 * rate-limited delivery, and settles each one: sent, skipped (with the reason), failed (retried
 * later with backoff, or after the platform's `retry_after`) or dead after too many attempts.
 *
 * Any number of dispatchers may share a store: a claim gives an entry to one of them, and only the
 * holder may settle it. A dispatcher that dies mid-send leaves its entries `sending`; when their
 * lease runs out they become `dead` (see `releaseExpired`): a message that may have gone out is
 * never sent a second time.
 */
import { randomUUID } from 'node:crypto';
import type { ChannelDelivery, DeliveryResult } from '../domain/delivery';
import type { ChannelName } from '../domain/model';
import type { OutboxEntry, OutboxOutcome } from '../domain/outbox';
import { reachSource } from '../domain/outbox-keys';
import type { Store } from '../domain/ports';
import type { Logger } from '../util/logger';
import { storeRelevance, type RelevanceCheck } from './relevance';
import { contactSkipReason, routesFor } from './routing';

export interface DispatcherOptions {
  store: Pick<Store, 'outbox' | 'contacts' | 'signups' | 'opportunities' | 'metrics'>;
  /** Each running channel's way out, by name (read at each entry). */
  channels: Readonly<Partial<Record<ChannelName, ChannelDelivery>>>;
  clock: () => Date;
  logger: Logger;
  /** Unique per process; a random one by default. */
  owner?: string;
  /** Entries being sent at once; the channels' own rate limits decide the pace. */
  concurrency?: number;
  /** How long a claim holds before the entry counts as interrupted. */
  leaseMs?: number;
  maxAttempts?: number;
  /** How long to wait when nothing is due. */
  idleMs?: number;
  relevance?: RelevanceCheck;
}

export const DEFAULT_MAX_ATTEMPTS = 6;

/** Exactly the wait the platform asked for; otherwise 30 s, 1 min, 2 min... up to an hour. */
export function backoffMs(attempt: number, retryAfterMs?: number): number {
  return retryAfterMs ?? Math.min(3_600_000, 30_000 * 2 ** (attempt - 1));
}

export class Dispatcher {
  readonly owner: string;
  private readonly concurrency: number;
  private readonly leaseMs: number;
  private readonly maxAttempts: number;
  private readonly idleMs: number;
  private readonly relevance: RelevanceCheck;
  private readonly inFlight = new Set<Promise<void>>();
  private running: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;

  constructor(private readonly options: DispatcherOptions) {
    this.owner = options.owner ?? `dispatcher-${randomUUID()}`;
    this.concurrency = options.concurrency ?? 32;
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
    this.maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
    this.idleMs = options.idleMs ?? 1000;
    this.relevance = options.relevance ?? storeRelevance(options.store);
  }

  /** Claims one batch and sends it; resolves with how many entries it settled (tests drive this). */
  async runOnce(limit = this.concurrency): Promise<number> {
    const entries = await this.claim(limit);
    await Promise.all(entries.map((entry) => this.process(entry)));
    return entries.length;
  }

  /** Runs batches until nothing is due. */
  async drain(): Promise<number> {
    let total = 0;
    for (let settled = await this.runOnce(); settled > 0; settled = await this.runOnce()) total += settled;
    return total;
  }

  /** Sends continuously, keeping up to `concurrency` entries in flight, until `stop`. */
  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.loop().catch((error: unknown) =>
      this.options.logger.error('dispatcher stopped', { error: String(error) }),
    );
  }

  /** New entries are waiting: no need to wait for the next poll. */
  notify(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.notify();
    await this.running;
    this.running = undefined;
    await Promise.allSettled([...this.inFlight]);
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      const free = this.concurrency - this.inFlight.size;
      if (free > 0) {
        try {
          const entries = await this.claim(free);
          for (const entry of entries) {
            const sending: Promise<void> = this.process(entry).finally(() => {
              this.inFlight.delete(sending);
              this.notify();
            });
            this.inFlight.add(sending);
          }
        } catch (error) {
          this.options.logger.error('outbox claim failed; retrying', { error: String(error) });
        }
      }
      if (this.stopping) break;
      // Full, or nothing due now: a finished send, new entries (notify) or the next poll wakes us.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.idleMs);
        this.wake = () => {
          clearTimeout(timer);
          this.wake = undefined;
          resolve();
        };
      });
    }
  }

  private claim(limit: number): Promise<OutboxEntry[]> {
    const now = this.options.clock();
    return this.options.store.outbox.claim({
      owner: this.owner,
      now: now.toISOString(),
      leaseUntil: new Date(now.getTime() + this.leaseMs).toISOString(),
      limit,
    });
  }

  private async process(entry: OutboxEntry): Promise<void> {
    let outcome: OutboxOutcome;
    try {
      outcome = await this.decide(entry);
    } catch (error) {
      outcome = this.retryOrDie(entry, { status: 'retry', parts: 0, error: String(error) });
    }
    const settled = await this.options.store.outbox
      .settle(entry.id, this.owner, outcome, this.options.clock().toISOString())
      .catch((error: unknown) => {
        this.options.logger.error('outbox settle failed; the entry will count as interrupted', {
          key: entry.key,
          error: String(error),
        });
        return true;
      });
    if (!settled)
      this.options.logger.warn('outbox entry was no longer ours when settled', {
        key: entry.key,
        outcome: outcome.status,
      });
    if (settled && outcome.status === 'sent') await this.recordReach(entry, outcome.channel);
    if (outcome.status === 'dead')
      this.options.logger.warn('outbox entry dead', { key: entry.key, error: outcome.error });
  }

  /** An alert or broadcast about an opportunity that arrived counts as reaching the person (statistics). */
  private async recordReach(entry: OutboxEntry, channel: ChannelName): Promise<void> {
    const opportunityId = entry.about?.opportunityId;
    if ((entry.purpose !== 'alert' && entry.purpose !== 'broadcast') || !opportunityId) return;
    await this.options.store.metrics
      .record({
        id: `reached:${entry.id}`,
        type: 'reached',
        opportunityId,
        contactId: entry.contactId,
        channel,
        source: reachSource(entry),
        at: this.options.clock().toISOString(),
      })
      .catch((error: unknown) =>
        this.options.logger.warn('reach not recorded', { key: entry.key, error: String(error) }),
      );
  }

  private async decide(entry: OutboxEntry): Promise<OutboxOutcome> {
    const now = this.options.clock();
    const contact = await this.options.store.contacts.get(entry.contactId);
    const skip = contactSkipReason(contact, entry) ?? (await this.relevance(entry, now));
    if (skip || !contact) return { status: 'skipped', reason: skip ?? 'erased' };

    let refused = false;
    // Read at each entry: channels are added once the app has built them.
    const available = new Set(Object.keys(this.options.channels) as ChannelName[]);
    for (const route of routesFor(contact, entry, available)) {
      const result = await this.options.channels[route.channel]!.deliver({
        externalId: route.externalId,
        messages: entry.messages.slice(entry.partsSent),
        priority: entry.priority,
        purpose: entry.purpose,
        ...(contact.lastInboundAt !== undefined && contact.lastInboundChannel === route.channel
          ? { lastInboundAt: contact.lastInboundAt }
          : {}),
      });
      if (result.status === 'not_allowed') {
        refused = true;
        continue;
      }
      if (result.status === 'sent') return { status: 'sent', partsSent: entry.partsSent + result.parts, ...route };
      if (result.status === 'gone') return { status: 'skipped', reason: 'unreachable' };
      return this.retryOrDie(entry, result);
    }
    return { status: 'skipped', reason: refused ? 'outside_window' : 'no_route' };
  }

  private retryOrDie(
    entry: OutboxEntry,
    result: Extract<DeliveryResult, { status: 'retry' | 'failed' }>,
  ): OutboxOutcome {
    const partsSent = entry.partsSent + result.parts;
    if (result.status === 'failed' || entry.attempts >= this.maxAttempts)
      return { status: 'dead', error: result.error, partsSent };
    const notBefore = new Date(
      this.options.clock().getTime() + backoffMs(entry.attempts, result.retryAfterMs),
    ).toISOString();
    return { status: 'failed', error: result.error, partsSent, notBefore };
  }
}
