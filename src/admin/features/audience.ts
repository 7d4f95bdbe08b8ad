/** Who a broadcast reaches: the people matching its audience, walked batch by batch. */
import { inAudience, isRelated, RELATED_FOR_MS, type Audience, type BroadcastReach } from '../../domain/admin';
import { MESSENGER_WINDOW_MS } from '../../domain/delivery';
import { OPPORTUNITY_STATUSES, type ChannelName, type Contact } from '../../domain/model';
import type { Store } from '../../domain/ports';
import { initiativeRoute } from '../../domain/recipients';
import { audienceQueryInput, parseInput } from '../inputs';
import { organisationFor, type Principal } from '../principal';

export const BATCH = 500;

/** How many people an audience holds, how many can be reached and where. */
export interface AudienceSize {
  total: number;
  active: number;
  byChannel: Record<ChannelName, number>;
  /** Messenger people whose 24-hour window is open now. */
  messengerWindowOpen: number;
  /** Left out: who said STOP, who cannot be written to, and (a coordinator's) who is not related. */
  excluded: { stopped: number; unreachable: number; unrelated: number };
}

/** Who a broadcast may reach before its filters: an association's related people, or the network. */
export interface Reach {
  kind: BroadcastReach;
  organisationId: string;
  /** People with a sign-up with the association within the last year (not cancelled). */
  recentSignups: ReadonlySet<string>;
}

/** An administrator writes to the network; a coordinator to the people related to their association. */
export function reachOf(principal: Principal): BroadcastReach {
  return principal.role === 'admin' ? 'network' : 'association';
}

export type AudienceStore = Pick<Store, 'contacts' | 'subscriptions' | 'signups' | 'opportunities'>;

export class AudienceWalker {
  constructor(
    private readonly store: AudienceStore,
    private readonly clock: () => Date,
  ) {}

  /** The ids of an organisation's opportunities, whatever their status (for the sign-up history filter). */
  async organisationOpportunities(organisationId: string | undefined): Promise<Set<string>> {
    const ids = new Set<string>();
    if (!organisationId) return ids;
    for (const status of OPPORTUNITY_STATUSES) {
      const page = await this.store.opportunities.search({ status, organisationId, limit: 10_000 });
      for (const opportunity of page.items) ids.add(opportunity.id);
    }
    return ids;
  }

  /**
   * Who the broadcast may reach: an administrator's, everyone who accepted the network's messages; a
   * coordinator's, only the people related to the association (they follow it, or signed up with it
   * within the year). Reads the association's sign-ups once, not each person's.
   */
  async reach(kind: BroadcastReach, organisationId: string, opportunities: ReadonlySet<string>): Promise<Reach> {
    const recentSignups = new Set<string>();
    if (kind === 'association') {
      const since = new Date(this.clock().getTime() - RELATED_FOR_MS).toISOString();
      for (const opportunityId of opportunities)
        for (const signup of await this.store.signups.listByOpportunity(opportunityId))
          if (signup.status !== 'cancelled' && signup.createdAt >= since) recentSignups.add(signup.contactId);
    }
    return { kind, organisationId, recentSignups };
  }

  /** Everyone in the audience who agreed to hear from the bot, within the reach; `left` counts who is not. */
  async *members(
    audience: Audience,
    organisationOpportunities: ReadonlySet<string>,
    reach: Reach,
    left?: { unrelated: number },
  ): AsyncGenerator<Contact> {
    const needsSubscriptions =
      audience.region !== undefined || audience.theme !== undefined || audience.kind !== undefined;
    for await (const contacts of this.store.contacts.batches(BATCH)) {
      for (const contact of contacts) {
        if (contact.status === 'erased' || contact.identities.length === 0 || !contact.consentAt) continue;
        if (reach.kind === 'association' && !isRelated(contact, reach.organisationId, reach.recentSignups)) {
          if (left) left.unrelated++;
          continue;
        }
        const subscriptions = needsSubscriptions ? await this.store.subscriptions.listByContact(contact.id) : [];
        const signedUpTo = audience.history
          ? (await this.store.signups.listByContact(contact.id))
              .filter((s) => s.status !== 'cancelled')
              .map((s) => s.opportunityId)
          : [];
        if (inAudience(audience, { contact, subscriptions, signedUpTo }, organisationOpportunities)) yield contact;
      }
    }
  }

  /** How many people the audience reaches, and how many Messenger could reach right now. */
  async size(principal: Principal, body: unknown): Promise<AudienceSize> {
    const { audience, organisationId: asked } = parseInput(audienceQueryInput, body);
    const organisationId = organisationFor(principal, asked);
    const opportunities = await this.organisationOpportunities(organisationId);
    const reach = await this.reach(reachOf(principal), organisationId, opportunities);
    const now = this.clock().getTime();
    const size: AudienceSize = {
      total: 0,
      active: 0,
      byChannel: { telegram: 0, messenger: 0, web: 0 },
      messengerWindowOpen: 0,
      excluded: { stopped: 0, unreachable: 0, unrelated: 0 },
    };
    for await (const contact of this.members(audience, opportunities, reach, size.excluded)) {
      size.total++;
      if (contact.status === 'stopped' || contact.status === 'unreachable') {
        size.excluded[contact.status]++;
        continue;
      }
      size.active++;
      const route = initiativeRoute(contact);
      if (route) size.byChannel[route.channel]++;
      const windowOpen = contact.lastInboundAt && now - Date.parse(contact.lastInboundAt) < MESSENGER_WINDOW_MS;
      if (route?.channel === 'messenger' && windowOpen) size.messengerWindowOpen++;
    }
    return size;
  }
}
