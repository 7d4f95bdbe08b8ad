/**
 * What coordinators and administrators can do, whatever the door (JSON API or dashboard), one module
 * per feature. Every operation takes the principal and checks the organisation: a coordinator sees and
 * changes only their own; what belongs to another is "not found".
 */
import { CHANNELS, type ChannelName, type Opportunity } from '../../domain/model';
import type { NoticeComposer } from '../../domain/notices';
import { newOutboxEntry, type NewOutboxEntry } from '../../domain/outbox';
import type { Store } from '../../domain/ports';
import { Accounts } from './accounts';
import { AudienceWalker } from './audience';
import { BroadcastQueue } from './broadcast-queue';
import { BroadcastReports } from './broadcast-report';
import { Broadcasts } from './broadcasts';
import { Opportunities, type ShareLinks } from './opportunities';
import { Organisations } from './organisations';
import { Media } from './media';
import { Overview } from './overview';
import { Questions } from './questions';
import { Statistics } from './statistics';

export interface AdminOptions {
  store: Store;
  notices: NoticeComposer;
  /** Tells those concerned about a change to an opportunity (the delivery layer's notifier). */
  opportunityChanged: (before: Opportunity, after: Opportunity, now: Date) => Promise<void>;
  newId: () => string;
  clock: () => Date;
  /** The bot's timezone: days in the overview are its calendar days. */
  timezone: string;
  /** Where the bot is reached from outside: uploaded files' addresses start with it. */
  publicUrl: string;
  /** A link opening the bot at an opportunity on each channel. */
  shareLink: (channel: ChannelName, ref: string) => string;
  /** The channels the bot runs: only those get a share link. */
  channels?: () => readonly ChannelName[];
  /** Whether replies written by a person may use Messenger's HUMAN_AGENT tag (7 days). */
  humanAgent: boolean;
  /** Wakes the dispatcher after entries were queued. */
  onEnqueued?: () => void;
  /** Work that failed in the background (it is resumed later). */
  onError?: (message: string, error: unknown) => void;
  /** Announces a published opportunity beyond the bot (the association's channel and Page). */
  published?: (opportunity: Opportunity, links: ShareLinks) => Promise<unknown>;
}

export interface Admin {
  organisations: Organisations;
  accounts: Accounts;
  opportunities: Opportunities;
  audience: AudienceWalker;
  broadcasts: Broadcasts;
  broadcastQueue: BroadcastQueue;
  broadcastReports: BroadcastReports;
  questions: Questions;
  statistics: Statistics;
  overview: Overview;
  media: Media;
  /** The channels the bot runs right now, for the dashboard to say and to offer nothing else. */
  liveChannels: () => readonly ChannelName[];
}

/** Puts entries in the outbox, then wakes whoever sends them. */
export function enqueueAndWake(store: Pick<Store, 'outbox'>, wake: (() => void) | undefined) {
  return async (entries: NewOutboxEntry[]): Promise<void> => {
    await store.outbox.enqueue(entries.map(newOutboxEntry));
    wake?.();
  };
}

export function createAdmin(options: AdminOptions): Admin {
  const { store, notices, newId, clock } = options;
  const enqueue = enqueueAndWake(store, options.onEnqueued);
  const opportunities = new Opportunities({
    store,
    changed: options.opportunityChanged,
    shareLink: options.shareLink,
    publicUrl: options.publicUrl,
    ...(options.channels ? { channels: options.channels } : {}),
    newId,
    clock,
    ...(options.published ? { published: options.published } : {}),
  });
  const audience = new AudienceWalker(store, clock);
  const broadcastQueue = new BroadcastQueue({
    store,
    audience,
    notices,
    enqueue,
    newId,
    clock,
    ...(options.onError ? { onError: options.onError } : {}),
  });
  const broadcasts = new Broadcasts({ store, queue: broadcastQueue, opportunities, notices, enqueue, newId, clock });
  return {
    organisations: new Organisations({ store, newId, clock }),
    accounts: new Accounts({ store, newId, clock }),
    opportunities,
    audience,
    broadcasts,
    broadcastQueue,
    broadcastReports: new BroadcastReports({ store, broadcasts, clock }),
    questions: new Questions({ store, notices, enqueue, humanAgent: options.humanAgent, newId, clock }),
    statistics: new Statistics({ store, opportunities, timezone: options.timezone }),
    overview: new Overview({ store, clock, timezone: options.timezone }),
    media: new Media({ store, newId, clock, publicUrl: options.publicUrl }),
    liveChannels: options.channels ?? (() => CHANNELS),
  };
}

export { alertCoordinators } from './coordinator-alerts';
export { announcer } from './publication';
export type { PublicAccount } from './accounts';
export type { AudienceSize } from './audience';
export type { BroadcastReport } from './broadcast-report';
export type { OrganisationView } from './organisations';
export type { ShareLinks } from './opportunities';
export type { QuestionView } from './questions';
export type { Funnel, OpportunityStats } from './statistics';
export type { AssociationOverview, OverviewPeriod } from './overview';
export { OVERVIEW_PERIODS } from './overview';
