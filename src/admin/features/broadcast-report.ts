/**
 * How a broadcast went: progress, and per channel what was sent, delivered and read where the
 * platform says, skipped with reasons, failed; then what it brought (opened, shared, signed up, came).
 */
import type { Broadcast, BroadcastResults, ChannelReport } from '../../domain/admin';
import { receiptKey, type ReceiptKind } from '../../domain/channel-state';
import { CHANNELS, type ChannelName } from '../../domain/model';
import type { OutboxCount } from '../../domain/outbox';
import { outboxGroup, parseOutboxGroup } from '../../domain/outbox-keys';
import type { Store } from '../../domain/ports';
import type { Principal } from '../principal';
import { BATCH } from './audience';
import type { Broadcasts } from './broadcasts';

/** Among the people a broadcast reached, those who then did each thing. */
export interface BroadcastOutcome {
  reached: number;
  details_opened: number;
  shared: number;
  arrivals: number;
  signups: number;
  attended: number;
}

export interface BroadcastReport extends BroadcastResults {
  broadcast: Omit<Broadcast, 'results'>;
  outcome: BroadcastOutcome | undefined;
}

export interface BroadcastReportsDeps {
  store: Pick<Store, 'broadcasts' | 'outbox' | 'channelState' | 'metrics' | 'signups'>;
  broadcasts: Pick<Broadcasts, 'get'>;
  clock: () => Date;
}

function channelReport(counts: OutboxCount[]): ChannelReport {
  const report: ChannelReport = { sent: 0, delivered: null, read: null, skipped: {}, failed: 0, pending: 0 };
  for (const count of counts) {
    const reason = count.reason ?? 'unknown';
    if (count.status === 'sent') report.sent += count.count;
    else if (count.status === 'skipped') report.skipped[reason] = (report.skipped[reason] ?? 0) + count.count;
    else if (count.status === 'dead') report.failed += count.count;
    else report.pending += count.count;
  }
  return report;
}

const isOpen = (count: OutboxCount) =>
  count.status === 'pending' || count.status === 'sending' || count.status === 'failed';

export class BroadcastReports {
  constructor(private readonly deps: BroadcastReportsDeps) {}

  /**
   * `details: false` (the progress bar's polling) leaves out what walks every entry: Messenger's
   * delivered and read counts, and what the broadcast brought.
   */
  async report(principal: Principal, id: string, options = { details: true }): Promise<BroadcastReport> {
    const broadcast = await this.deps.broadcasts.get(principal, id);
    const counts = await this.deps.store.outbox.counts(outboxGroup.broadcast(id));
    const channels = Object.fromEntries(
      CHANNELS.map((channel) => [channel, channelReport(counts.filter((count) => count.channel === channel))]),
    ) as Record<ChannelName, ChannelReport>;
    if (options.details) Object.assign(channels.messenger, await this.messengerWatermarks(id));
    const outcome = options.details ? await this.outcome(broadcast) : undefined;
    const total = counts.reduce((sum, count) => sum + count.count, 0);
    // The outbox's entries are purged after a while: then the figures kept on the broadcast speak.
    const { results: kept, ...shown } = broadcast;
    if (total === 0 && kept) return { broadcast: shown, ...kept, outcome };
    const open = counts.filter(isOpen).reduce((sum, count) => sum + count.count, 0);
    // Sent once everything queued has been settled (a cancelled one stays cancelled).
    const settledAll = broadcast.status === 'sending' && open === 0 && broadcast.queued !== undefined;
    const status = settledAll ? 'sent' : broadcast.status;
    const progress = { total, done: total - open, open };
    const settled = status === 'sent' || status === 'cancelled';
    if (status !== broadcast.status || (settled && options.details)) {
      await this.deps.store.broadcasts.save({
        ...broadcast,
        status,
        ...(settled && options.details ? { results: { channels, progress } } : {}),
        updatedAt: this.deps.clock().toISOString(),
      });
    }
    return { broadcast: { ...shown, status }, progress, channels, outcome };
  }

  /** Messenger reports delivery and reading as watermarks per person: everything sent before them. */
  private async messengerWatermarks(id: string): Promise<{ delivered: number; read: number }> {
    const { channelState } = this.deps.store;
    let delivered = 0;
    let read = 0;
    for await (const entries of this.deps.store.outbox.entries(outboxGroup.broadcast(id), BATCH)) {
      for (const entry of entries) {
        if (entry.status !== 'sent' || entry.channel !== 'messenger' || !entry.sentAt) continue;
        const receipt = (kind: ReceiptKind) => channelState.get('messenger', receiptKey(kind, entry.externalId));
        if (((await receipt('delivered')) ?? '') >= entry.sentAt) delivered++;
        if (((await receipt('read')) ?? '') >= entry.sentAt) read++;
      }
    }
    return { delivered, read };
  }

  /** Among the people it reached: who then opened the details, shared, brought someone, signed up, came. */
  private async outcome(broadcast: Broadcast): Promise<BroadcastOutcome | undefined> {
    if (!broadcast.opportunityId) return undefined;
    const after = (at: string) => at >= broadcast.sendAt;
    const fromThisBroadcast = (source: string | undefined) => {
      const group = source === undefined ? undefined : parseOutboxGroup(source);
      return group?.kind === 'broadcast' && group.broadcastId === broadcast.id;
    };
    const events = (await this.deps.store.metrics.listByOpportunity(broadcast.opportunityId)).filter((event) =>
      after(event.at),
    );
    const reached = new Set(
      events.flatMap((event) =>
        event.type === 'reached' && fromThisBroadcast(event.source) && event.contactId ? [event.contactId] : [],
      ),
    );
    const by = (type: string) =>
      new Set(
        events
          .filter((event) => event.type === type && event.contactId && reached.has(event.contactId))
          .map((e) => e.contactId),
      ).size;
    const signups = (await this.deps.store.signups.listByOpportunity(broadcast.opportunityId)).filter(
      (signup) => reached.has(signup.contactId) && after(signup.createdAt) && signup.status !== 'cancelled',
    );
    return {
      reached: reached.size,
      details_opened: by('details_opened'),
      shared: by('share_link_created'),
      arrivals: events.filter(
        (event) => event.type === 'share_arrival' && event.sharedBy && reached.has(event.sharedBy),
      ).length,
      signups: signups.length,
      attended: signups.filter((signup) => signup.attended === true).length,
    };
  }
}
