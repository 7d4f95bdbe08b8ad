/**
 * "Mon impact": how many people came through the person's share links and how many of them signed
 * up. Read from the measurements credited to them, so only links whose signature verified count.
 */
import type { ActionHandler } from './context';

/** A person sharing more than this is a campaign; the count then says "at least". */
const MAX_COUNTED = 10_000;

export const myImpact: ActionHandler<'ok' | 'none'> = async (_args, turn, deps) => {
  const { metrics } = deps.store;
  const mine = { sharedBy: turn.contact.id };
  const arrivals = await metrics.find({ type: 'share_arrival', ...mine }, { limit: MAX_COUNTED });
  const signups = await metrics.find({ type: 'signup', ...mine }, { limit: MAX_COUNTED });
  const shared = await metrics.count({ type: 'share_link_created', contactId: turn.contact.id });
  const people = new Set(arrivals.map((event) => event.contactId)).size;
  const signedUp = new Set(signups.map((event) => `${event.opportunityId}|${event.contactId}`)).size;
  if (shared === 0 && people === 0) return { outcome: 'none' };
  return { outcome: 'ok', vars: { _people: people, _signups: signedUp } };
};
