/** Who a broadcast reaches: the people matching its audience, walked batch by batch. */
import { inAudience, type Audience } from '../../domain/admin';
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
  excluded: { stopped: number; unreachable: number };
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

  /** Everyone in the audience who agreed to hear from the bot and can still be written to. */
  async *members(audience: Audience, organisationOpportunities: ReadonlySet<string>): AsyncGenerator<Contact> {
    const needsSubscriptions =
      audience.region !== undefined || audience.theme !== undefined || audience.kind !== undefined;
    for await (const contacts of this.store.contacts.batches(BATCH)) {
      for (const contact of contacts) {
        if (contact.status === 'erased' || contact.identities.length === 0 || !contact.consentAt) continue;
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
    const { audience, organisationId } = parseInput(audienceQueryInput, body);
    const opportunities = await this.organisationOpportunities(organisationFor(principal, organisationId));
    const now = this.clock().getTime();
    const size: AudienceSize = {
      total: 0,
      active: 0,
      byChannel: { telegram: 0, messenger: 0, web: 0 },
      messengerWindowOpen: 0,
      excluded: { stopped: 0, unreachable: 0 },
    };
    for await (const contact of this.members(audience, opportunities)) {
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
