/**
 * What an opportunity brought: people reached and who opened it, page views, shares, arrivals
 * through links (and whose links brought them), sign-ups and attendance, and the funnel from a view
 * to a person who came; per channel and per local day. People are counted once (see share-counts.ts).
 */
import type { MetricEvent, Opportunity } from '../../domain/model';
import type { Store } from '../../domain/ports';
import { isoWithOffset } from '../../domain/time';
import type { Principal } from '../principal';
import type { Opportunities } from './opportunities';
import { countShares, type PerChannel } from './share-counts';

export const DAY_COLUMNS = [
  'day',
  'reached',
  'details_opened',
  'page_views',
  'shares',
  'arrivals',
  'signups',
  'signups_from_links',
] as const;
export type DayRow = { day: string } & Record<Exclude<(typeof DAY_COLUMNS)[number], 'day'>, number>;
export const CHANNEL_ROWS = [
  'reached',
  'details_opened',
  'page_views',
  'shares',
  'arrivals',
  'signups_from_links',
] as const;
export type ChannelRow = (typeof CHANNEL_ROWS)[number];

/** Views of the page, people who came through a link, sign-ups among them, and who of those came. */
export interface Funnel {
  views: number;
  arrivals: number;
  signups: number;
  attended: number;
}

export interface OpportunityStats {
  opportunity: Pick<Opportunity, 'id' | 'title' | 'status'>;
  totals: {
    reached: number;
    details_opened: number;
    page_views: number;
    shared: number;
    arrivals: number;
    /** Arrivals through a person's (verified) link rather than the association's. */
    credited: number;
    signups: number;
    waitlisted: number;
    attended: number;
    signups_from_links: number;
  };
  byChannel: Record<ChannelRow, PerChannel>;
  byDay: DayRow[];
  funnel: Funnel;
  /** The people whose links brought the most (first name only), at most ten. */
  broughtBy: Array<{ name: string | null; arrivals: number; signups: number }>;
}

export interface StatisticsDeps {
  store: Pick<Store, 'metrics' | 'signups' | 'contacts'>;
  opportunities: Pick<Opportunities, 'get'>;
  timezone: string;
}

const perChannel = (): PerChannel => ({ telegram: 0, messenger: 0, web: 0 });

/** Distinct people per channel and per day for one kind of event (reached, opened). */
function distinctPeople(events: readonly MetricEvent[], dayOf: (iso: string) => string) {
  const byChannel = perChannel();
  const seen = new Set<string>();
  const byDay = new Map<string, Set<string>>();
  for (const event of events) {
    const who = event.contactId ?? event.id;
    if (!seen.has(who)) {
      seen.add(who);
      byChannel[event.channel]++;
    }
    const day = dayOf(event.at);
    byDay.set(day, (byDay.get(day) ?? new Set()).add(who));
  }
  return { total: seen.size, byChannel, byDay: (day: string) => byDay.get(day)?.size ?? 0, days: [...byDay.keys()] };
}

export class Statistics {
  constructor(private readonly deps: StatisticsDeps) {}

  async forOpportunity(principal: Principal, id: string): Promise<OpportunityStats> {
    const { store, timezone } = this.deps;
    const dayOf = (iso: string) => isoWithOffset(iso, timezone).slice(0, 10);
    const opportunity = await this.deps.opportunities.get(principal, id);
    const events = await store.metrics.listByOpportunity(id);
    const signups = await store.signups.listByOpportunity(id);
    const kept = signups.filter((signup) => signup.status !== 'cancelled');
    const shares = countShares(events, signups, dayOf);
    const reached = distinctPeople(
      events.filter((event) => event.type === 'reached'),
      dayOf,
    );
    const opened = distinctPeople(
      events.filter((event) => event.type === 'details_opened'),
      dayOf,
    );
    const signupsByDay = new Map<string, number>();
    for (const signup of kept)
      signupsByDay.set(dayOf(signup.createdAt), (signupsByDay.get(dayOf(signup.createdAt)) ?? 0) + 1);
    const days = [...new Set([...reached.days, ...opened.days, ...shares.byDay.keys(), ...signupsByDay.keys()])].sort();
    const byDay = days.map((day): DayRow => {
      const shared = shares.byDay.get(day);
      return {
        day,
        reached: reached.byDay(day),
        details_opened: opened.byDay(day),
        page_views: shared?.pageViews ?? 0,
        shares: shared?.shares ?? 0,
        arrivals: shared?.arrivals ?? 0,
        signups: signupsByDay.get(day) ?? 0,
        signups_from_links: shared?.signups ?? 0,
      };
    });
    const top = [...shares.bySharer].sort((a, b) => b[1].arrivals - a[1].arrivals || b[1].signups - a[1].signups);
    const broughtBy = await Promise.all(
      top.slice(0, 10).map(async ([contactId, brought]) => ({
        name: (await store.contacts.get(contactId))?.firstName ?? null,
        ...brought,
      })),
    );
    const attended = kept.filter((signup) => signup.attended === true).length;
    return {
      opportunity: { id: opportunity.id, title: opportunity.title, status: opportunity.status },
      totals: {
        reached: reached.total,
        details_opened: opened.total,
        page_views: shares.pageViews,
        shared: shares.shares,
        arrivals: shares.arrivals,
        credited: shares.credited,
        signups: kept.filter((signup) => signup.status === 'confirmed').length,
        waitlisted: kept.filter((signup) => signup.status === 'waitlisted' || signup.status === 'offered').length,
        attended,
        signups_from_links: shares.signups,
      },
      byChannel: {
        reached: reached.byChannel,
        details_opened: opened.byChannel,
        page_views: shares.byChannel.pageViews,
        shares: shares.byChannel.shares,
        arrivals: shares.byChannel.arrivals,
        signups_from_links: shares.byChannel.signups,
      },
      byDay,
      funnel: {
        views: shares.pageViews,
        arrivals: shares.arrivals,
        signups: shares.signups,
        attended: shares.attended,
      },
      broughtBy,
    };
  }
}
