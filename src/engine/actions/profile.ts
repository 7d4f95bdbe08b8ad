/** The person: consent and age, language, questions for a coordinator, their data, erasure. */
import { AGE_BRACKETS, isLocale, type AgeBracket } from '../../domain/model';
import { forgetContact, personalData } from '../../domain/privacy';
import { asJson, type MyDataView } from '../views';
import type { ActionHandler } from './context';

const isAgeBracket = (value: unknown): value is AgeBracket =>
  typeof value === 'string' && (AGE_BRACKETS as readonly string[]).includes(value);

export const profileStatus: ActionHandler<'known' | 'needs_consent'> = async (_args, turn) => ({
  outcome: turn.contact.consentAt ? 'known' : 'needs_consent',
});

export const giveConsent: ActionHandler<'ok' | 'under15' | 'invalid'> = async (args, turn, deps) => {
  const ageBracket = args.ageBracket;
  if (!isAgeBracket(ageBracket)) return { outcome: 'invalid' };
  const now = turn.now.toISOString();
  turn.contact =
    (await deps.store.contacts.update(turn.contact.id, { consentAt: now, ageBracket, updatedAt: now })) ?? turn.contact;
  return { outcome: ageBracket === 'under15' ? 'under15' : 'ok' };
};

export const setLanguage: ActionHandler<'ok' | 'invalid'> = async (args, turn, deps) => {
  const locale = args.locale;
  if (!isLocale(locale)) return { outcome: 'invalid' };
  turn.contact =
    (await deps.store.contacts.update(turn.contact.id, { locale, updatedAt: turn.now.toISOString() })) ?? turn.contact;
  return { outcome: 'ok' };
};

export const myData: ActionHandler<'ok'> = async (_args, turn, deps) => {
  const { contact } = turn;
  const [signups, subscriptions, questions] = await Promise.all([
    deps.store.signups.listByContact(contact.id),
    deps.store.subscriptions.listByContact(contact.id),
    deps.store.questions.listByContact(contact.id),
  ]);
  const view: MyDataView = {
    ...(contact.firstName !== undefined ? { firstName: contact.firstName } : {}),
    locale: contact.locale,
    ...(contact.ageBracket !== undefined ? { ageBracket: contact.ageBracket } : {}),
    ...(contact.region !== undefined ? { region: contact.region } : {}),
    ...(contact.consentAt !== undefined ? { consentAt: contact.consentAt } : {}),
    channels: contact.identities.map((identity) => identity.channel),
    signups: signups.filter((signup) => signup.status !== 'cancelled').length,
    subscriptions: subscriptions.length,
    questions: questions.length,
    follows: (await Promise.all((contact.follows ?? []).map((id) => deps.store.organisations.get(id)))).flatMap(
      (organisation) => (organisation ? [organisation.name] : []),
    ),
    createdAt: contact.createdAt,
  };
  const visitor = turn.channel === 'web' ? contact.identities.find((i) => i.channel === 'web') : undefined;
  if (visitor) view.exportFor = visitor.externalId;
  // Elsewhere the same file comes as a document in the conversation (Telegram, Messenger).
  else {
    const data = await personalData(deps.store, contact.id, turn.now.toISOString());
    if (data) view.exportDocument = JSON.stringify(data, null, 2);
  }
  return { outcome: 'ok', vars: { _my_data: asJson(view) } };
};

export const forgetMe: ActionHandler<'done'> = async (_args, turn, deps) => {
  const { freedOpportunities } = await forgetContact(deps.store, turn.contact.id, turn.now.toISOString());
  for (const opportunityId of freedOpportunities) await deps.seatFreed?.(opportunityId, turn.now);
  turn.erased = true;
  return { outcome: 'done' };
};
