/**
 * What an opportunity brought: reached, opened, shared, arrivals (and who brought them), sign-ups,
 * attendance; per channel and per day.
 */
import { METRIC_TYPES, type ChannelName, type MetricType, type Opportunity } from '../../domain/model';
import type { Store } from '../../domain/ports';
import type { Principal } from '../principal';
import type { Opportunities } from './opportunities';

type PerChannel = Record<ChannelName, number>;
export type DayRow = { day: string } & Record<MetricType, number>;

export interface OpportunityStats {
  opportunity: Pick<Opportunity, 'id' | 'title' | 'status'>;
  totals: {
    reached: number;
    details_opened: number;
    shared: number;
    arrivals: number;
    signups: number;
    waitlisted: number;
    attended: number;
  };
  byChannel: Record<MetricType, PerChannel>;
  byDay: DayRow[];
  /** The people whose shares brought the most arrivals (first name only), at most ten. */
  broughtBy: Array<{ name: string | null; arrivals: number }>;
}

export interface StatisticsDeps {
  store: Pick<Store, 'metrics' | 'signups' | 'contacts'>;
  opportunities: Pick<Opportunities, 'get'>;
}

const zeroPerType = () => Object.fromEntries(METRIC_TYPES.map((type) => [type, 0])) as Record<MetricType, number>;
const sum = (counts: PerChannel) => counts.telegram + counts.messenger + counts.web;

export class Statistics {
  constructor(private readonly deps: StatisticsDeps) {}

  async forOpportunity(principal: Principal, id: string): Promise<OpportunityStats> {
    const { store } = this.deps;
    const opportunity = await this.deps.opportunities.get(principal, id);
    const events = await store.metrics.listByOpportunity(id);
    const signups = (await store.signups.listByOpportunity(id)).filter((signup) => signup.status !== 'cancelled');
    const byChannel = Object.fromEntries(
      METRIC_TYPES.map((type) => [type, { telegram: 0, messenger: 0, web: 0 }]),
    ) as Record<MetricType, PerChannel>;
    const byDay = new Map<string, Record<MetricType, number>>();
    const sharers = new Map<string, number>();
    for (const event of events) {
      byChannel[event.type][event.channel]++;
      const day = event.at.slice(0, 10);
      const row = byDay.get(day) ?? zeroPerType();
      row[event.type]++;
      byDay.set(day, row);
      if (event.type === 'share_arrival' && event.sharedBy)
        sharers.set(event.sharedBy, (sharers.get(event.sharedBy) ?? 0) + 1);
    }
    const topSharers = [...sharers].sort((a, b) => b[1] - a[1]).slice(0, 10);
    const broughtBy = await Promise.all(
      topSharers.map(async ([contactId, arrivals]) => ({
        name: (await store.contacts.get(contactId))?.firstName ?? null,
        arrivals,
      })),
    );
    const count = (wanted: (status: string) => boolean) => signups.filter((signup) => wanted(signup.status)).length;
    return {
      opportunity: { id: opportunity.id, title: opportunity.title, status: opportunity.status },
      totals: {
        reached: sum(byChannel.reached),
        details_opened: sum(byChannel.details_opened),
        shared: sum(byChannel.share_link_created),
        arrivals: sum(byChannel.share_arrival),
        signups: count((status) => status === 'confirmed'),
        waitlisted: count((status) => status === 'waitlisted' || status === 'offered'),
        attended: signups.filter((signup) => signup.attended === true).length,
      },
      byChannel,
      byDay: [...byDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, row]) => ({ day, ...row })),
      broughtBy,
    };
  }
}
