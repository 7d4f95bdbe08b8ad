/**
 * Checked just before an entry goes out: is it still true? A reminder for a cancelled sign-up, a
 * moved or cancelled meeting, an alert for an opportunity taken down: skipped, with the reason.
 */
import type { OutboxEntry, SkipReason } from '../domain/outbox';
import type { Store } from '../domain/ports';

export type RelevanceCheck = (entry: OutboxEntry, now: Date) => Promise<SkipReason | undefined>;

export function storeRelevance(store: Pick<Store, 'signups' | 'opportunities'>): RelevanceCheck {
  return async (entry, now) => {
    const about = entry.about;
    if (!about) return undefined;
    if (about.signupId !== undefined) {
      const signup = await store.signups.get(about.signupId);
      const wanted = entry.purpose === 'waitlist_offer' ? 'offered' : 'confirmed';
      if (entry.purpose !== 'notice' && signup?.status !== wanted)
        return entry.purpose === 'waitlist_offer' ? 'superseded' : 'signup_cancelled';
    }
    if (about.opportunityId !== undefined) {
      const opportunity = await store.opportunities.get(about.opportunityId);
      if (!opportunity || opportunity.status === 'archived')
        return entry.purpose === 'alert' ? 'unpublished' : 'cancelled';
      if (entry.purpose === 'alert' && opportunity.status !== 'published') return 'unpublished';
      if (about.startsAt !== undefined && opportunity.startsAt !== about.startsAt) return 'rescheduled';
      if (entry.purpose === 'reminder' && about.startsAt !== undefined && Date.parse(about.startsAt) <= now.getTime())
        return 'meeting_started';
    }
    return undefined;
  };
}
