/**
 * Every minute (node-cron), turns what has become due into outbox entries: meeting reminders,
 * follow-ups, expired waiting-list offers; and resolves entries whose dispatcher died mid-send.
 * Ticks from several processes at once are harmless: every entry has a unique key.
 */
import cron, { type ScheduledTask } from 'node-cron';
import type { Store } from '../domain/ports';
import { forgetUnconsented } from '../domain/privacy';
import type { Logger } from '../util/logger';
import type { Notifier } from '../delivery/notifier';

export interface SchedulerOptions {
  store: Pick<Store, 'outbox' | 'mailbox' | 'channelState' | 'linkTokens' | 'adminSessions'> &
    Parameters<typeof forgetUnconsented>[0];
  notifier: Notifier;
  clock: () => Date;
  logger: Pick<Logger, 'info' | 'error'>;
  timezone: string;
  /** Called when a tick enqueued something or released interrupted entries. */
  onWork?: () => void;
  /** More due work from layers above (scheduled broadcasts); returns how many things it started. */
  extraWork?: () => Promise<number>;
  /** How long settled outbox entries, web mailbox items and what channels keep (button references, receipts) stay. */
  retentionDays?: number;
}

export interface PurgeReport {
  outbox: number;
  mailbox: number;
  channelState: number;
  linkTokens: number;
  adminSessions: number;
  /** Visitors who never accepted the privacy notice, forgotten a week after their last message. */
  unconsented: number;
}

export interface TickReport {
  reminders: number;
  followUps: number;
  expiredOffers: number;
  interrupted: number;
  broadcasts: number;
}

export class Scheduler {
  private task: ScheduledTask | undefined;
  private nightly: ScheduledTask | undefined;
  private ticking: Promise<TickReport> | undefined;

  constructor(private readonly options: SchedulerOptions) {}

  /** One pass; tests call it with a fake clock. Overlapping calls share the running pass. */
  tick(now: Date = this.options.clock()): Promise<TickReport> {
    this.ticking ??= this.pass(now).finally(() => {
      this.ticking = undefined;
    });
    return this.ticking;
  }

  start(): void {
    if (this.task) return;
    this.task = cron.schedule(
      '* * * * *',
      async () => {
        await this.tick().catch((error: unknown) =>
          this.options.logger.error('scheduler tick failed', { error: String(error) }),
        );
      },
      { timezone: this.options.timezone, noOverlap: true, name: 'outbox-scheduler' },
    );
    // At night, what is past its retention goes (each process may do it: deleting twice is harmless).
    this.nightly = cron.schedule(
      '17 3 * * *',
      async () => {
        await this.purge().catch((error: unknown) =>
          this.options.logger.error('retention purge failed', { error: String(error) }),
        );
      },
      { timezone: this.options.timezone, noOverlap: true, name: 'retention-purge' },
    );
    // The first pass need not wait for the next minute.
    void this.tick().catch((error: unknown) =>
      this.options.logger.error('scheduler tick failed', { error: String(error) }),
    );
  }

  async stop(): Promise<void> {
    await this.task?.destroy();
    await this.nightly?.destroy();
    this.task = undefined;
    this.nightly = undefined;
    await this.ticking?.catch(() => undefined);
  }

  /**
   * Deletes settled outbox entries, mailbox items and channel state older than the retention period,
   * and link tokens and dashboard sessions past their expiry.
   */
  async purge(now: Date = this.options.clock()): Promise<PurgeReport> {
    const before = new Date(now.getTime() - (this.options.retentionDays ?? 90) * 24 * 3600_000).toISOString();
    const report = {
      outbox: await this.options.store.outbox.purgeSettled(before),
      mailbox: await this.options.store.mailbox.purgeBefore(before),
      channelState: await this.options.store.channelState.purgeBefore(before),
      linkTokens: await this.options.store.linkTokens.purgeExpired(now.toISOString()),
      adminSessions: await this.options.store.adminSessions.purgeExpired(now.toISOString()),
      unconsented: await forgetUnconsented(this.options.store, now),
    };
    this.options.logger.info('retention purge done', { before, ...report });
    return report;
  }

  private async pass(now: Date): Promise<TickReport> {
    const { notifier } = this.options;
    const interrupted = await this.options.store.outbox.releaseExpired(now.toISOString());
    if (interrupted > 0)
      this.options.logger.info('outbox entries interrupted mid-send marked dead (never sent twice)', {
        count: interrupted,
      });
    const report: TickReport = {
      interrupted,
      expiredOffers: await notifier.expireOffers(now),
      reminders: await notifier.enqueueDueReminders(now),
      followUps: await notifier.enqueueFollowUps(now),
      broadcasts: (await this.options.extraWork?.()) ?? 0,
    };
    if (report.reminders + report.followUps + report.expiredOffers + report.broadcasts > 0) this.options.onWork?.();
    return report;
  }
}
