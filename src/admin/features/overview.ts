/**
 * An association's activity at a glance: its opportunities, the sign-ups and attendance they
 * brought, and how often they were shared, over the last 30 or 90 days, day by day in local time.
 * It reads that association's own records only (its opportunities, their sign-ups and events).
 */
import { OPPORTUNITY_STATUSES, type MetricEvent, type Opportunity, type Signup } from '../../domain/model';
import type { Store } from '../../domain/ports';
import { isoWithOffset } from '../../domain/time';
import { NotFoundError } from '../errors';
import { canSee, type Principal } from '../principal';
import { countShares, type ShareCounts } from './share-counts';
import type { Funnel } from './statistics';

export const OVERVIEW_PERIODS = [30, 90] as const;
export type OverviewPeriod = (typeof OVERVIEW_PERIODS)[number];

export interface OverviewDay {
  /** The local date, `YYYY-MM-DD`. */
  day: string;
  signups: number;
  shares: number;
}

export interface AssociationOverview {
  organisationId: string;
  days: OverviewPeriod;
  totals: {
    /** Published right now. */
    published: number;
    /** Created during the period. */
    created: number;
    signups: number;
    /** People marked as having come, at opportunities that took place during the period. */
    attended: number;
    shares: number;
    arrivals: number;
  };
  /** Every day of the period, oldest first, zeros included (a chart has no gaps). */
  byDay: OverviewDay[];
  /** Over the period: page views, arrivals through links, their sign-ups, and who of them came. */
  funnel: Funnel;
  /** Sharing per channel over the period: the sharer's channel for shares, the arrival's for the rest. */
  byChannel: ShareCounts['byChannel'];
}

export interface OverviewDeps {
  store: Pick<Store, 'opportunities' | 'organisations' | 'signups' | 'metrics'>;
  clock: () => Date;
  timezone: string;
}

const DAY_MS = 86_400_000;

export class Overview {
  constructor(private readonly deps: OverviewDeps) {}

  async forOrganisation(
    principal: Principal,
    organisationId: string,
    days: OverviewPeriod,
  ): Promise<AssociationOverview> {
    const { store, timezone } = this.deps;
    const organisation = await store.organisations.get(organisationId);
    if (!organisation || organisation.removedAt || !canSee(principal, organisationId))
      throw new NotFoundError('organisation');
    const now = this.deps.clock();
    const since = new Date(now.getTime() - days * DAY_MS).toISOString();
    const today = now.toISOString();
    const localDay = (iso: string) => isoWithOffset(iso, timezone).slice(0, 10);
    const byDay = new Map<string, OverviewDay>();
    for (let n = days - 1; n >= 0; n--) {
      const day = localDay(new Date(now.getTime() - n * DAY_MS).toISOString());
      byDay.set(day, { day, signups: 0, shares: 0 });
    }
    const totals = { published: 0, created: 0, signups: 0, attended: 0, shares: 0, arrivals: 0 };
    const within = (iso: string) => iso >= since && iso <= today;
    const events: MetricEvent[] = [];
    const signups: Signup[] = [];
    for (const opportunity of await this.opportunitiesOf(organisationId)) {
      if (opportunity.status === 'published') totals.published++;
      if (within(opportunity.createdAt)) totals.created++;
      const tookPlace = opportunity.startsAt !== undefined && within(opportunity.startsAt);
      for (const signup of await store.signups.listByOpportunity(opportunity.id)) {
        if (signup.status === 'cancelled') continue;
        signups.push(signup);
        if (tookPlace && signup.attended === true) totals.attended++;
        if (!within(signup.createdAt)) continue;
        totals.signups++;
        const row = byDay.get(localDay(signup.createdAt));
        if (row) row.signups++;
      }
      for (const event of await store.metrics.listByOpportunity(opportunity.id))
        if (within(event.at)) events.push(event);
    }
    // Sharing counts people once across all the association's opportunities (share-counts.ts).
    const shares = countShares(events, signups, localDay);
    totals.shares = shares.shares;
    totals.arrivals = shares.arrivals;
    for (const [day, counted] of shares.byDay) {
      const row = byDay.get(day);
      if (row) row.shares = counted.shares;
    }
    const funnel = {
      views: shares.pageViews,
      arrivals: shares.arrivals,
      signups: shares.signups,
      attended: shares.attended,
    };
    return { organisationId, days, totals, byDay: [...byDay.values()], funnel, byChannel: shares.byChannel };
  }

  private async opportunitiesOf(organisationId: string): Promise<Opportunity[]> {
    const lists = await Promise.all(
      OPPORTUNITY_STATUSES.map(
        async (status) => (await this.deps.store.opportunities.search({ status, organisationId, limit: 1000 })).items,
      ),
    );
    return lists.flat();
  }
}
