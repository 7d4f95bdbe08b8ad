/** Alerts: what a person wants to hear about, and the STOP word. */
import { isRegion, isTheme } from '../../domain/catalogue';
import { isOpportunityKind, type SubscriptionCriteria } from '../../domain/model';
import { asJson, type SubscriptionView } from '../views';
import { text, type ActionHandler, type TurnState } from './context';

/** Who may keep alerts; asked before the questions, and again when subscribing. */
function eligibility(contact: TurnState['contact']): 'ok' | 'needs_consent' | 'needs_parent' {
  if (!contact.consentAt) return 'needs_consent';
  // Under 15, keeping preferences needs a parent's consent we cannot collect in a chat.
  if (contact.ageBracket === 'under15') return 'needs_parent';
  return 'ok';
}

export const alertsAllowed: ActionHandler<'ok' | 'needs_consent' | 'needs_parent'> = async (_args, turn) => ({
  outcome: eligibility(turn.contact),
});

export const subscribe: ActionHandler<'ok' | 'already' | 'needs_consent' | 'needs_parent'> = async (
  args,
  turn,
  deps,
) => {
  const { contact } = turn;
  const allowed = eligibility(contact);
  if (allowed !== 'ok') return { outcome: allowed };
  const kind = text(args.kind);
  const region = text(args.region);
  const theme = text(args.theme);
  const criteria: SubscriptionCriteria = {
    ...(isRegion(region) ? { region } : {}),
    ...(args.remote === true ? { remote: true } : {}),
    ...(isTheme(theme) ? { theme } : {}),
    ...(isOpportunityKind(kind) ? { kind } : {}),
  };
  const id = deps.newId();
  const now = turn.now.toISOString();
  const saved = await deps.store.subscriptions.add({ id, contactId: contact.id, criteria, createdAt: now });
  if (contact.status === 'stopped') {
    turn.contact = (await deps.store.contacts.update(contact.id, { status: 'active', updatedAt: now })) ?? contact;
  }
  return { outcome: saved.id === id ? 'ok' : 'already' };
};

export const mySubscriptions: ActionHandler<'none' | 'some'> = async (_args, turn, deps) => {
  const subscriptions = await deps.store.subscriptions.listByContact(turn.contact.id);
  const views: SubscriptionView[] = subscriptions.map((subscription) => ({
    id: subscription.id,
    ...subscription.criteria,
  }));
  return views.length === 0 ? { outcome: 'none' } : { outcome: 'some', vars: { _subscriptions: asJson(views) } };
};

export const unsubscribe: ActionHandler<'ok' | 'not_found'> = async (args, turn, deps) => {
  const id = text(args.subscriptionId);
  const removed = id !== undefined && (await deps.store.subscriptions.remove(id, turn.contact.id));
  return { outcome: removed ? 'ok' : 'not_found' };
};

/** STOP: no alert or broadcast any more; replies to the person's own messages go on. */
export const stopAll: ActionHandler<'ok'> = async (_args, turn, deps) => {
  await deps.store.subscriptions.removeAllForContact(turn.contact.id);
  turn.contact =
    (await deps.store.contacts.update(turn.contact.id, { status: 'stopped', updatedAt: turn.now.toISOString() })) ??
    turn.contact;
  return { outcome: 'ok' };
};
