/** Associations: administrators add them; an association's coordinators set where it publishes. */
import type { Organisation } from '../../domain/model';
import type { Store } from '../../domain/ports';
import { foldText } from '../../domain/text';
import { invalid, NotFoundError } from '../errors';
import { organisationInput, parseInput, publishingInput } from '../inputs';
import { canSee, requireAdmin, type Principal } from '../principal';

/** Where an association also posts; the Page token is a secret, said to be set and never shown. */
export interface PublishingView {
  telegramChannel?: string;
  facebookPageId?: string;
  facebookPageToken?: 'set';
}

export type OrganisationView = Omit<Organisation, 'publishTo'> & { publishTo?: PublishingView };

export interface OrganisationsDeps {
  store: Pick<Store, 'organisations' | 'opportunities' | 'broadcasts' | 'accounts' | 'adminSessions'>;
  newId: () => string;
  clock: () => Date;
}

function withoutSecret(organisation: Organisation): OrganisationView {
  const { publishTo, ...rest } = organisation;
  if (!publishTo) return rest;
  const { facebookPageToken, ...shown } = publishTo;
  return { ...rest, publishTo: { ...shown, ...(facebookPageToken ? { facebookPageToken: 'set' } : {}) } };
}

export class Organisations {
  constructor(private readonly deps: OrganisationsDeps) {}

  async list(principal: Principal): Promise<OrganisationView[]> {
    const all = await this.deps.store.organisations.list();
    return all.filter((o) => !o.removedAt && canSee(principal, o.id)).map(withoutSecret);
  }

  async create(principal: Principal, body: unknown): Promise<Organisation> {
    requireAdmin(principal);
    const input = parseInput(organisationInput, body);
    await this.refuseTakenName(input.name);
    const organisation: Organisation = {
      id: this.deps.newId(),
      name: input.name,
      ...(input.website ? { website: input.website } : {}),
      createdAt: this.deps.clock().toISOString(),
    };
    await this.deps.store.organisations.save(organisation);
    return organisation;
  }

  /** A new name (and website) for an association; administrators only, names stay unique. */
  async rename(principal: Principal, organisationId: string, body: unknown): Promise<OrganisationView> {
    requireAdmin(principal);
    const organisation = await this.deps.store.organisations.get(organisationId);
    if (!organisation || organisation.removedAt) throw new NotFoundError('organisation');
    const input = parseInput(organisationInput, body);
    await this.refuseTakenName(input.name, organisationId);
    const { website: _old, ...rest } = organisation;
    const renamed = { ...rest, name: input.name, ...(input.website ? { website: input.website } : {}) };
    await this.deps.store.organisations.save(renamed);
    return withoutSecret(renamed);
  }

  /**
   * An administrator removes an association that left the network or was made by mistake: refused while
   * it has a published opportunity or a broadcast on its way. Its coordinators can no longer sign in;
   * what it did before (archived opportunities, their sign-ups) stays for the people's own history
   * until the usual retention erases it.
   */
  async remove(principal: Principal, organisationId: string): Promise<void> {
    requireAdmin(principal);
    const { store } = this.deps;
    const organisation = await store.organisations.get(organisationId);
    if (!organisation || organisation.removedAt) throw new NotFoundError('organisation');
    const published = await store.opportunities.search({ organisationId, status: 'published', limit: 1 });
    if (published.items.length > 0)
      throw invalid('organisation', 'still_published', 'archive or unpublish its opportunities first');
    const broadcasts = await store.broadcasts.list(organisationId);
    if (broadcasts.some((b) => b.status === 'scheduled' || b.status === 'sending'))
      throw invalid('organisation', 'broadcast_pending', 'cancel its scheduled broadcasts first');
    const now = this.deps.clock().toISOString();
    for (const account of await store.accounts.list(organisationId)) {
      await store.accounts.update(account.id, { disabledAt: now });
      await store.adminSessions.removeForAccount(account.id);
    }
    await store.organisations.save({ ...organisation, removedAt: now });
  }

  /** Two associations of the same name would be told apart by nobody, coordinators or young people. */
  private async refuseTakenName(name: string, except?: string): Promise<void> {
    const same = (value: string) =>
      foldText(value)
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
    const existing = await this.deps.store.organisations.list();
    const taken = (o: Organisation) => !o.removedAt && o.id !== except && same(o.name) === same(name);
    if (existing.some(taken)) {
      throw invalid('name', 'already_exists', 'an association of that name already exists');
    }
  }

  /** Where opportunities are also posted; an organisation's coordinators or an administrator. */
  async updatePublishing(principal: Principal, organisationId: string, body: unknown): Promise<OrganisationView> {
    const organisation = await this.deps.store.organisations.get(organisationId);
    if (!organisation || !canSee(principal, organisation.id)) throw new NotFoundError('organisation');
    const input = parseInput(publishingInput, body);
    // An empty token field keeps the token already saved: it is never shown back.
    const token = input.facebookPageToken ?? organisation.publishTo?.facebookPageToken;
    const publishTo = {
      ...(input.telegramChannel ? { telegramChannel: input.telegramChannel } : {}),
      ...(input.facebookPageId ? { facebookPageId: input.facebookPageId } : {}),
      ...(input.facebookPageId && token ? { facebookPageToken: token } : {}),
    };
    const updated = { ...organisation, publishTo };
    await this.deps.store.organisations.save(updated);
    return withoutSecret(updated);
  }
}
