/**
 * Broadcasts into the outbox: a due broadcast is marked as sending once (whoever calls), then its
 * audience is queued batch by batch in the background, so a large audience never holds up a request.
 * Keys make a resumed run add only what is missing.
 */
import type { Broadcast } from '../../domain/admin';
import type { NoticeComposer } from '../../domain/notices';
import type { NewOutboxEntry } from '../../domain/outbox';
import { outboxGroup, outboxKey } from '../../domain/outbox-keys';
import type { Store } from '../../domain/ports';
import { initiativeRoute } from '../../domain/recipients';
import { BATCH, type AudienceWalker } from './audience';

/** A stopped process left it sending and half queued this long ago: another one resumes it. */
const STALE_MS = 10 * 60_000;

export interface BroadcastQueueDeps {
  store: Pick<Store, 'broadcasts' | 'opportunities' | 'organisations'>;
  audience: AudienceWalker;
  notices: Pick<NoticeComposer, 'broadcast'>;
  enqueue: (entries: NewOutboxEntry[]) => Promise<void>;
  newId: () => string;
  clock: () => Date;
  /** Queueing failed in the background (the scheduler resumes it). */
  onError?: (message: string, error: unknown) => void;
}

export class BroadcastQueue {
  private readonly queueing = new Set<Promise<void>>();

  constructor(private readonly deps: BroadcastQueueDeps) {}

  /** Starts the broadcast when its time has come; false when it was not due or already started. */
  async startIfDue(id: string): Promise<boolean> {
    if (!(await this.deps.store.broadcasts.startIfDue(id, this.deps.clock().toISOString()))) return false;
    this.inBackground(this.enqueueAll(id));
    return true;
  }

  /** Resolves once the broadcasts this process is queueing are queued (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.queueing.size > 0) await Promise.allSettled([...this.queueing]);
  }

  /**
   * The scheduler's part: broadcasts whose time came, and those a stopped process left half queued
   * (sending, not all queued, untouched for a while).
   */
  async sendDue(): Promise<number> {
    const { broadcasts } = this.deps.store;
    const now = this.deps.clock();
    let started = 0;
    for (const broadcast of await broadcasts.dueScheduled(now.toISOString()))
      if (await this.startIfDue(broadcast.id)) started++;
    const stale = new Date(now.getTime() - STALE_MS).toISOString();
    for (const broadcast of await broadcasts.stalledSending(stale)) {
      await broadcasts.save({ ...broadcast, updatedAt: now.toISOString() });
      this.inBackground(this.enqueueAll(broadcast.id));
      started++;
    }
    return started;
  }

  private inBackground(work: Promise<void>): void {
    const tracked: Promise<void> = work
      .catch((error: unknown) => this.deps.onError?.('broadcast queueing failed; the scheduler resumes it', error))
      .finally(() => this.queueing.delete(tracked));
    this.queueing.add(tracked);
  }

  private async enqueueAll(id: string): Promise<void> {
    const { store } = this.deps;
    const broadcast = (await store.broadcasts.get(id))!;
    const compose = await this.composer(broadcast);
    let queued = 0;
    let batch: NewOutboxEntry[] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      await this.deps.enqueue(batch);
      queued += batch.length;
      batch = [];
    };
    const opportunities = await this.deps.audience.organisationOpportunities(broadcast.organisationId);
    // Broadcasts saved before reaches existed count as an association's: never wider than asked.
    const reach = await this.deps.audience.reach(
      broadcast.reach ?? 'association',
      broadcast.organisationId,
      opportunities,
    );
    for await (const contact of this.deps.audience.members(broadcast.audience, opportunities, reach)) {
      const route = initiativeRoute(contact);
      if (!route || (broadcast.audience.channel && route.channel !== broadcast.audience.channel)) continue;
      batch.push({
        id: this.deps.newId(),
        key: outboxKey.broadcast(broadcast.id, contact.id),
        group: outboxGroup.broadcast(broadcast.id),
        purpose: 'broadcast',
        contactId: contact.id,
        ...route,
        messages: compose(contact),
        ...(broadcast.opportunityId ? { about: { opportunityId: broadcast.opportunityId } } : {}),
        notBefore: this.deps.clock(),
        now: this.deps.clock(),
      });
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    const latest = (await store.broadcasts.get(id))!;
    await store.broadcasts.save({ ...latest, queued, updatedAt: this.deps.clock().toISOString() });
  }

  /** One message per language, shared by every entry: a broadcast is the same words for all. */
  private async composer(broadcast: Broadcast) {
    const { store, notices } = this.deps;
    const opportunity = broadcast.opportunityId ? await store.opportunities.get(broadcast.opportunityId) : undefined;
    const organisation = await store.organisations.get(broadcast.organisationId);
    const byLocale = new Map<string, ReturnType<NoticeComposer['broadcast']>>();
    const content = {
      text: broadcast.text,
      ...(broadcast.textEn ? { textEn: broadcast.textEn } : {}),
      ...(broadcast.mediaUrl ? { mediaUrl: broadcast.mediaUrl } : {}),
      ...(opportunity ? { opportunity } : {}),
      organisationName: organisation?.name ?? '',
    };
    return (contact: Parameters<NoticeComposer['broadcast']>[0]) => {
      let messages = byLocale.get(contact.locale);
      if (!messages) byLocale.set(contact.locale, (messages = notices.broadcast(contact, content)));
      return messages;
    };
  }
}
