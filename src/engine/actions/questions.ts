/**
 * Questions for a person: asked from an opportunity they go to its association; asked from the menu
 * the person picks one of the associations they are related to, or the network's team.
 */
import { RELATED_FOR_MS } from '../../domain/admin';
import { asJson, type ListItem } from '../views';
import { text, type ActionHandler } from './context';

/** The associations the person follows or signed up with within the year, by name. */
export const questionTargets: ActionHandler<'ok' | 'none'> = async (_args, turn, deps) => {
  const { store } = deps;
  const since = new Date(turn.now.getTime() - RELATED_FOR_MS).toISOString();
  const ids = new Set(turn.contact.follows ?? []);
  for (const signup of await store.signups.listByContact(turn.contact.id)) {
    if (signup.status === 'cancelled' || signup.createdAt < since) continue;
    const opportunity = await store.opportunities.get(signup.opportunityId);
    if (opportunity) ids.add(opportunity.organisationId);
  }
  const items: ListItem[] = [];
  for (const id of ids) {
    const organisation = await store.organisations.get(id);
    if (organisation && !organisation.removedAt)
      items.push({ value: id, label: { key: 'human.to_association', params: { name: organisation.name } } });
  }
  return items.length === 0 ? { outcome: 'none' } : { outcome: 'ok', vars: { _targets: asJson(items) } };
};

export const recordQuestion: ActionHandler<'ok' | 'empty'> = async (args, turn, deps) => {
  const question = text(args.text);
  if (question === undefined) return { outcome: 'empty' };
  const organisationId = await recipientOf(args, deps);
  const id = deps.newId();
  await deps.store.questions.add({
    id,
    contactId: turn.contact.id,
    channel: turn.channel,
    text: question,
    status: 'open',
    ...(organisationId ? { organisationId } : {}),
    createdAt: turn.now.toISOString(),
  });
  await deps.notifyCoordinators?.(
    { kind: 'question', questionId: id, text: question, ...(organisationId ? { organisationId } : {}) },
    turn.now,
  );
  const organisation = organisationId ? await deps.store.organisations.get(organisationId) : undefined;
  // Who will answer, said back to the person: the association, or (empty) the network's team.
  return { outcome: 'ok', vars: { _recipient: organisation?.name ?? '' } };
};

/** The association a question goes to: the opportunity's, or the one chosen; none means the network. */
async function recipientOf(
  args: Parameters<ActionHandler>[0],
  deps: Parameters<ActionHandler>[2],
): Promise<string | undefined> {
  const about = text(args.opportunityId);
  const chosen = about ? (await deps.store.opportunities.get(about))?.organisationId : text(args.organisationId);
  const organisation = chosen ? await deps.store.organisations.get(chosen) : undefined;
  return organisation && !organisation.removedAt ? organisation.id : undefined;
}
