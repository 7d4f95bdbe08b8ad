/** Opportunities as coordinators manage them: drafts, publication, copies, sign-ups and attendance. */
import { CHANNELS, OPPORTUNITY_STATUSES, type ChannelName, type Opportunity, type Signup } from '../../domain/model';
import type { OpportunityStatus } from '../../domain/model';
import type { Store } from '../../domain/ports';
import { openRef } from '../../domain/share';
import { endInstant } from '../../domain/opportunity-search';
import { ConflictError, invalid, InvalidError, NotFoundError } from '../errors';
import { attendanceInput, parseInput, statusInput } from '../inputs';
import { checkOpportunityInput } from '../opportunity-input';
import { canSee, scopeOf, type Principal } from '../principal';

/**
 * The opportunity's public page (the link to pass around: it previews everywhere and opens on every
 * channel), and a link opening the bot at it per channel the bot runs (a channel not set up has
 * none, rather than a web link in disguise). Links an association shares credit no person.
 */
export type ShareLinks = { page: string } & Partial<Record<ChannelName, string>>;

export interface OpportunitiesDeps {
  store: Pick<Store, 'opportunities' | 'organisations' | 'signups'>;
  /** Tells those concerned about a change (signed-up people, alerts): the delivery layer's notifier. */
  changed: (before: Opportunity, after: Opportunity, now: Date) => Promise<void>;
  /** The channels the bot runs; all of them when not said. */
  channels?: () => readonly ChannelName[];
  shareLink: (channel: ChannelName, ref: string) => string;
  publicUrl: string;
  newId: () => string;
  clock: () => Date;
  /** Announces beyond the bot (the association's channel and Page), keeping how it went. Never fails the request. */
  published?: (opportunity: Opportunity, links: ShareLinks) => Promise<unknown>;
}

export class Opportunities {
  constructor(private readonly deps: OpportunitiesDeps) {}

  private now(): Date {
    return this.deps.clock();
  }

  async list(principal: Principal, status?: OpportunityStatus): Promise<Opportunity[]> {
    const statuses = status ? [status] : OPPORTUNITY_STATUSES;
    const organisationId = scopeOf(principal);
    const lists = await Promise.all(
      statuses.map(
        async (s) =>
          (
            await this.deps.store.opportunities.search({
              status: s,
              ...(organisationId ? { organisationId } : {}),
              limit: 1000,
            })
          ).items,
      ),
    );
    return lists.flat().sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id));
  }

  async get(principal: Principal, id: string): Promise<Opportunity> {
    const opportunity = await this.deps.store.opportunities.get(id);
    if (!opportunity || !canSee(principal, opportunity.organisationId)) throw new NotFoundError('opportunity');
    return opportunity;
  }

  links(opportunity: Opportunity): ShareLinks {
    const ref = openRef(opportunity.id);
    const running = this.deps.channels?.() ?? CHANNELS;
    return {
      page: `${this.deps.publicUrl}/o/${encodeURIComponent(opportunity.id)}`,
      ...Object.fromEntries(running.map((channel) => [channel, this.deps.shareLink(channel, ref)])),
    };
  }

  async create(principal: Principal, body: Record<string, unknown>): Promise<Opportunity> {
    const { organisationId: requested, status, ...fields } = body;
    const organisationId = principal.role === 'admin' ? requested : principal.organisationId;
    const organisation =
      typeof organisationId === 'string' ? await this.deps.store.organisations.get(organisationId) : undefined;
    if (typeof organisationId !== 'string' || !organisation || organisation.removedAt) {
      throw new InvalidError([
        { field: 'organisationId', code: 'required', message: 'an existing organisation is required' },
      ]);
    }
    const checked = checkOpportunityInput(fields);
    if (!checked.ok) throw new InvalidError(checked.errors);
    const now = this.now().toISOString();
    const defaults = { title: {}, summary: {}, description: {}, themes: [], remote: false };
    const opportunity: Opportunity = {
      ...defaults,
      ...(checked.input as Partial<Opportunity> & Pick<Opportunity, 'kind' | 'region'>),
      id: this.deps.newId(),
      organisationId,
      status: 'draft',
      createdAt: now,
      updatedAt: now,
    };
    await this.deps.store.opportunities.save(opportunity);
    if (status === 'published') return this.setStatus(principal, opportunity.id, status);
    return opportunity;
  }

  async update(principal: Principal, id: string, body: Record<string, unknown>): Promise<Opportunity> {
    const before = await this.get(principal, id);
    const { status, ...fields } = body;
    const checked = checkOpportunityInput(fields, before);
    if (!checked.ok) throw new InvalidError(checked.errors);
    const after: Opportunity = {
      ...before,
      ...(checked.input as Partial<Opportunity>),
      updatedAt: this.now().toISOString(),
    };
    await this.deps.store.opportunities.save(after);
    await this.deps.changed(before, after, this.now());
    if (status !== undefined && status !== after.status) return this.setStatus(principal, id, status);
    return after;
  }

  async setStatus(principal: Principal, id: string, requested: unknown): Promise<Opportunity> {
    // Whose it is comes first: another organisation's id is "not found" whatever else is wrong.
    const before = await this.get(principal, id);
    const status = parseInput(statusInput, requested, 'status');
    if (before.status === status) return before;
    // Alerts would go out for something already over: the date must be changed first.
    const end = endInstant(before);
    if (status === 'published' && end !== undefined && Date.parse(end) < this.now().getTime()) {
      throw invalid('startsAt', 'in_the_past', 'the date is past: change it before publishing');
    }
    const after: Opportunity = { ...before, status, updatedAt: this.now().toISOString() };
    await this.deps.store.opportunities.save(after);
    await this.deps.changed(before, after, this.now());
    // Announced once: published again after a pause, it is announced only when asked (announce()).
    if (status === 'published' && !after.announcement)
      await this.deps.published?.(after, this.links(after)).catch(() => undefined);
    return (await this.deps.store.opportunities.get(id)) ?? after;
  }

  /** Whether its association set a Telegram channel or a Facebook Page to announce it on. */
  async announceable(opportunity: Opportunity): Promise<boolean> {
    const publishTo = (await this.deps.store.organisations.get(opportunity.organisationId))?.publishTo;
    return Boolean(publishTo?.telegramChannel || publishTo?.facebookPageId);
  }

  /** Announces a published opportunity again on the association's channel and Page: there is news. */
  async announce(principal: Principal, id: string): Promise<Opportunity> {
    const opportunity = await this.get(principal, id);
    if (opportunity.status !== 'published') throw new ConflictError('only a published opportunity is announced');
    await this.deps.published?.(opportunity, this.links(opportunity)).catch(() => undefined);
    return this.get(principal, id);
  }

  async duplicate(principal: Principal, id: string): Promise<Opportunity> {
    const source = await this.get(principal, id);
    const now = this.now().toISOString();
    const copy: Opportunity = { ...source, id: this.deps.newId(), status: 'draft', createdAt: now, updatedAt: now };
    await this.deps.store.opportunities.save(copy);
    return copy;
  }

  /** How many people hold a place or wait for one: those an archiving tells. */
  async peopleSignedUp(principal: Principal, opportunityId: string): Promise<number> {
    return (await this.signups(principal, opportunityId)).length;
  }

  /** Who signed up (not those who cancelled). */
  /** Places taken (confirmed sign-ups) of each of these opportunities, for a list's page. */
  async placesTaken(principal: Principal, opportunities: Opportunity[]): Promise<Map<string, number>> {
    const visible = opportunities.filter((o) => canSee(principal, o.organisationId));
    const counts = await Promise.all(visible.map((o) => this.deps.store.signups.countConfirmed(o.id)));
    return new Map(visible.map((o, index) => [o.id, counts[index]]));
  }

  async signups(principal: Principal, opportunityId: string): Promise<Signup[]> {
    await this.get(principal, opportunityId);
    const signups = await this.deps.store.signups.listByOpportunity(opportunityId);
    return signups.filter((signup) => signup.status !== 'cancelled');
  }

  async setAttendance(principal: Principal, signupId: string, body: unknown): Promise<Signup> {
    const signup = await this.deps.store.signups.get(signupId);
    if (!signup) throw new NotFoundError('sign-up');
    await this.get(principal, signup.opportunityId);
    const { attended } = parseInput(attendanceInput, body);
    const updated = await this.deps.store.signups.setAttendance(
      signupId,
      attended,
      undefined,
      this.now().toISOString(),
    );
    if (!updated) throw new NotFoundError('sign-up');
    return updated;
  }
}
