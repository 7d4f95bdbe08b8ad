/** Which alerts an opportunity answers. */
import type { Opportunity, SubscriptionCriteria } from './model';

/** Every criterion given must hold; "remote" subscribers take remote opportunities from anywhere. */
export function subscriptionMatches(criteria: SubscriptionCriteria, opportunity: Opportunity): boolean {
  if (criteria.kind !== undefined && criteria.kind !== opportunity.kind) return false;
  if (criteria.theme !== undefined && !opportunity.themes.includes(criteria.theme)) return false;
  if (criteria.remote && !opportunity.remote) return false;
  if (
    criteria.region !== undefined &&
    criteria.region !== opportunity.region &&
    !(criteria.remote && opportunity.remote)
  )
    return false;
  return true;
}
