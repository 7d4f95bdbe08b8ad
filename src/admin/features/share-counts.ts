/**
 * What sharing brought, counted honestly from the recorded events and sign-ups of one opportunity or
 * of all of an association's:
 * - shares: distinct people who took a share link (tapping "Partager" four times is one share);
 * - page views: views of the public page (link previews and bursts already left out when recorded);
 * - arrivals: distinct people who opened the bot through a link (once each; a sharer opening their
 *   own link is never one), of whom `credited` came through a person's verified link;
 * - sign-ups and attendance from links: sign-ups (not cancelled) of people after their arrival,
 *   attributed to the link that brought them (first arrival wins).
 * Per channel: shares by the sharer's channel, views by the channel the link was shared from,
 * arrivals and sign-ups by the channel the person arrived on.
 */
import { type ChannelName, type MetricEvent, type Signup } from '../../domain/model';

export type PerChannel = Record<ChannelName, number>;

export interface ShareCounts {
  shares: number;
  pageViews: number;
  arrivals: number;
  credited: number;
  signups: number;
  attended: number;
  byChannel: Record<'shares' | 'pageViews' | 'arrivals' | 'signups', PerChannel>;
  /** Per day (the first `at` characters given): the same four, as distinct people that day. */
  byDay: Map<string, { shares: number; pageViews: number; arrivals: number; signups: number }>;
  /** Each sharer credited: distinct people their links brought, and sign-ups among them. */
  bySharer: Map<string, { arrivals: number; signups: number }>;
}

const perChannel = (): PerChannel => ({ telegram: 0, messenger: 0, web: 0 });

export function countShares(
  events: readonly MetricEvent[],
  signups: readonly Signup[],
  dayOf: (iso: string) => string = (iso) => iso.slice(0, 10),
): ShareCounts {
  const sorted = [...events].sort((a, b) => a.at.localeCompare(b.at));
  const sharers = new Map<string, ChannelName>();
  const arrivals = new Map<string, MetricEvent>();
  let pageViews = 0;
  const views = perChannel();
  const days = new Map<
    string,
    { sharers: Set<string>; pageViews: number; arrivals: Set<string>; signups: Set<string> }
  >();
  const day = (iso: string) => {
    const key = dayOf(iso);
    const row = days.get(key) ?? { sharers: new Set(), pageViews: 0, arrivals: new Set(), signups: new Set() };
    days.set(key, row);
    return row;
  };
  for (const event of sorted) {
    if (event.type === 'share_link_created' && event.contactId) {
      if (!sharers.has(event.contactId)) sharers.set(event.contactId, event.channel);
      day(event.at).sharers.add(event.contactId);
    } else if (event.type === 'page_view') {
      pageViews++;
      views[event.sharedOn ?? event.channel]++;
      day(event.at).pageViews++;
    } else if (event.type === 'share_arrival' && event.contactId && event.contactId !== event.sharedBy) {
      // Per opportunity and person: the same person arriving at two opportunities is two arrivals.
      const key = `${event.opportunityId}|${event.contactId}`;
      if (arrivals.has(key)) continue;
      arrivals.set(key, event);
      day(event.at).arrivals.add(key);
    }
  }

  const fromLinks = signups.filter((signup) => {
    const arrival = arrivals.get(`${signup.opportunityId}|${signup.contactId}`);
    return signup.status !== 'cancelled' && arrival !== undefined && arrival.at <= signup.createdAt;
  });
  const byChannel = { shares: perChannel(), pageViews: views, arrivals: perChannel(), signups: perChannel() };
  for (const channel of sharers.values()) byChannel.shares[channel]++;
  for (const arrival of arrivals.values()) byChannel.arrivals[arrival.channel]++;
  const bySharer = new Map<string, { arrivals: number; signups: number }>();
  const credit = (sharer: string) =>
    bySharer.get(sharer) ?? bySharer.set(sharer, { arrivals: 0, signups: 0 }).get(sharer)!;
  for (const arrival of arrivals.values()) if (arrival.sharedBy) credit(arrival.sharedBy).arrivals++;
  for (const signup of fromLinks) {
    const arrival = arrivals.get(`${signup.opportunityId}|${signup.contactId}`)!;
    byChannel.signups[arrival.channel]++;
    day(signup.createdAt).signups.add(signup.id);
    if (arrival.sharedBy) credit(arrival.sharedBy).signups++;
  }

  return {
    shares: sharers.size,
    pageViews,
    arrivals: arrivals.size,
    credited: [...arrivals.values()].filter((arrival) => arrival.sharedBy).length,
    signups: fromLinks.length,
    attended: fromLinks.filter((signup) => signup.attended === true).length,
    byChannel,
    byDay: new Map(
      [...days]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, row]) => [
          key,
          {
            shares: row.sharers.size,
            pageViews: row.pageViews,
            arrivals: row.arrivals.size,
            signups: row.signups.size,
          },
        ]),
    ),
    bySharer,
  };
}
