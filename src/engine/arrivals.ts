/**
 * Who came through a share link. Counted once per person and opportunity, the first time: opening
 * the link again adds nothing, and a person opening their own link is no arrival. The sharer is
 * credited only when the reference's signature verified (see domain/share.ts).
 */
import type { IdGenerator } from '../domain/ids';
import type { ChannelName, MetricEvent } from '../domain/model';
import type { Store } from '../domain/ports';
import type { ShareRef } from '../domain/share';

export async function recordArrival(
  deps: { store: Pick<Store, 'metrics' | 'opportunities'>; newId: IdGenerator },
  share: ShareRef,
  contactId: string,
  channel: ChannelName,
  now: Date,
): Promise<void> {
  if (share.sharedBy === contactId) return;
  const { metrics, opportunities } = deps.store;
  // A made-up opportunity id in a link is nobody's arrival (and no row for an unknown opportunity).
  if ((await opportunities.get(share.opportunityId)) === undefined) return;
  if ((await metrics.count({ type: 'share_arrival', opportunityId: share.opportunityId, contactId })) > 0) return;
  await metrics.record({
    id: deps.newId(),
    type: 'share_arrival',
    opportunityId: share.opportunityId,
    contactId,
    channel,
    ...(share.sharedBy ? { sharedBy: share.sharedBy } : {}),
    ...(share.channel ? { sharedOn: share.channel } : {}),
    at: now.toISOString(),
  });
}

/** The arrival that brought this person to this opportunity, when a sharer is credited for it. */
export async function creditedArrival(
  store: Pick<Store, 'metrics'>,
  opportunityId: string,
  contactId: string,
): Promise<MetricEvent | undefined> {
  const [first] = await store.metrics.find({ type: 'share_arrival', opportunityId, contactId }, { limit: 1 });
  return first?.sharedBy ? first : undefined;
}
