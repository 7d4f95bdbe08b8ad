/**
 * Following an association: its broadcasts then reach the person, whether or not they signed up
 * with it. Chosen from an opportunity's details or after a sign-up; undone from "mes données".
 */
import { asJson, type ListItem } from '../views';
import { text, type ActionHandler } from './context';

export const followOrganisation: ActionHandler<'ok' | 'not_found'> = async (args, turn, deps) => {
  const id = text(args.opportunityId);
  const opportunity = id === undefined ? undefined : await deps.store.opportunities.get(id);
  const organisation = opportunity ? await deps.store.organisations.get(opportunity.organisationId) : undefined;
  if (!organisation || organisation.removedAt) return { outcome: 'not_found' };
  const follows = turn.contact.follows ?? [];
  if (!follows.includes(organisation.id))
    turn.contact =
      (await deps.store.contacts.update(turn.contact.id, {
        follows: [...follows, organisation.id],
        updatedAt: turn.now.toISOString(),
      })) ?? turn.contact;
  return { outcome: 'ok', vars: { _followed: organisation.name } };
};

/** An association still taking part, by id (a website's widget names one): its name. */
export const findOrganisation: ActionHandler<'ok' | 'not_found'> = async (args, _turn, deps) => {
  const id = text(args.organisationId);
  const organisation = id === undefined ? undefined : await deps.store.organisations.get(id);
  if (!organisation || organisation.removedAt) return { outcome: 'not_found' };
  return { outcome: 'ok', vars: { _organisation: organisation.name } };
};

/** The associations the person follows, each a "stop following" choice. */
export const listFollows: ActionHandler<'ok' | 'none'> = async (_args, turn, deps) => {
  const items: ListItem[] = [];
  for (const id of turn.contact.follows ?? []) {
    const organisation = await deps.store.organisations.get(id);
    items.push({ value: id, label: { key: 'privacy.unfollow', params: { name: organisation?.name ?? id } } });
  }
  return items.length === 0 ? { outcome: 'none' } : { outcome: 'ok', vars: { _follows: asJson(items) } };
};

export const unfollowOrganisation: ActionHandler<'ok'> = async (args, turn, deps) => {
  const id = text(args.organisationId);
  const follows = turn.contact.follows ?? [];
  if (id !== undefined && follows.includes(id))
    turn.contact =
      (await deps.store.contacts.update(turn.contact.id, {
        follows: follows.filter((followed) => followed !== id),
        updatedAt: turn.now.toISOString(),
      })) ?? turn.contact;
  return { outcome: 'ok' };
};
