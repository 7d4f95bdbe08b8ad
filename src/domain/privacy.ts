/** The right to erasure: what "forget me" removes, in one place. */
import type { Store } from './ports';

/**
 * Cancels the person's active sign-ups (freeing their places), deletes their alerts, questions and
 * conversation, and strips the contact to an anonymous, unreachable record: sign-up counts in the
 * statistics stay right, but nothing points back to the person. A later message starts afresh.
 * The outbox keeps its counts but loses the person's address and the texts meant for them; what
 * the channels kept about the person (delivery receipts) goes.
 */
export async function forgetContact(
  store: Pick<
    Store,
    | 'afterErasure'
    | 'channelState'
    | 'contacts'
    | 'mailbox'
    | 'outbox'
    | 'questions'
    | 'sessions'
    | 'signups'
    | 'subscriptions'
  >,
  contactId: string,
  now: string,
): Promise<{ freedOpportunities: string[] }> {
  const contact = await store.contacts.get(contactId);
  const signups = await store.signups.listByContact(contactId);
  const freedOpportunities = signups
    .filter((signup) => signup.status === 'confirmed' || signup.status === 'offered')
    .map((signup) => signup.opportunityId);
  await store.signups.forgetContact(contactId, now);
  for (const identity of contact?.identities ?? [])
    if (identity.channel === 'web') await store.mailbox.removeAllFor(identity.externalId);
  await store.subscriptions.removeAllForContact(contactId);
  await store.questions.removeAllForContact(contactId);
  await store.sessions.remove(contactId);
  await store.outbox.forgetContact(contactId, now);
  for (const identity of contact?.identities ?? []) await store.channelState.forget(identity);
  await store.contacts.update(contactId, {
    identities: [],
    firstName: undefined,
    region: undefined,
    interests: [],
    follows: undefined,
    ageBracket: undefined,
    consentAt: undefined,
    lastInboundAt: undefined,
    lastInboundChannel: undefined,
    status: 'erased',
    updatedAt: now,
  });
  await store.afterErasure();
  return { freedOpportunities };
}

/** A visitor who never accepted is forgotten this long after their last message. */
export const UNCONSENTED_KEPT_MS = 7 * 24 * 3600_000;

/**
 * Forgets the visitors who wrote but never accepted the privacy notice, a week after their last
 * message: their conversation goes, and their record keeps nothing. Coordinators' linked chats (which
 * never give consent, being no young person's) are left alone. Walks the contacts a batch at a time:
 * a nightly job, never a request.
 */
export async function forgetUnconsented(
  store: Parameters<typeof forgetContact>[0] & Pick<Store, 'accounts'>,
  now: Date,
): Promise<number> {
  const before = new Date(now.getTime() - UNCONSENTED_KEPT_MS).toISOString();
  const coordinatorChats = new Set(
    (await store.accounts.list()).flatMap((account) =>
      account.alertsTo ? [`${account.alertsTo.channel}:${account.alertsTo.externalId}`] : [],
    ),
  );
  const forgotten: string[] = [];
  for await (const batch of store.contacts.batches(500))
    for (const contact of batch) {
      if (contact.consentAt || contact.status === 'erased' || contact.identities.length === 0) continue;
      if ((contact.lastInboundAt ?? contact.createdAt) >= before) continue;
      if (contact.identities.some((identity) => coordinatorChats.has(`${identity.channel}:${identity.externalId}`)))
        continue;
      forgotten.push(contact.id);
    }
  for (const id of forgotten) await forgetContact(store, id, now.toISOString());
  return forgotten.length;
}

/** Everything the bot keeps about one person, as they may take it away (the right to portability). */
export interface PersonalData {
  exportedAt: string;
  profile: {
    firstName?: string;
    locale: string;
    ageBracket?: string;
    region?: string;
    interests: string[];
    /** Ids of the associations the person follows. */
    follows: string[];
    consentAt?: string;
    identities: Array<{ channel: string; id: string }>;
    createdAt: string;
  };
  signups: Array<{
    opportunityId: string;
    status: string;
    firstName?: string;
    parentConsent?: { at: string; channel: string };
    attended?: boolean;
    feedback?: string;
    createdAt: string;
  }>;
  alerts: Array<{ criteria: Record<string, unknown>; createdAt: string }>;
  questions: Array<{ text: string; status: string; answer?: string; createdAt: string }>;
}

export async function personalData(
  store: Pick<Store, 'contacts' | 'questions' | 'signups' | 'subscriptions'>,
  contactId: string,
  now: string,
): Promise<PersonalData | undefined> {
  const contact = await store.contacts.get(contactId);
  if (!contact || contact.status === 'erased') return undefined;
  const [signups, subscriptions, questions] = await Promise.all([
    store.signups.listByContact(contactId),
    store.subscriptions.listByContact(contactId),
    store.questions.listByContact(contactId),
  ]);
  return {
    exportedAt: now,
    profile: {
      ...(contact.firstName !== undefined ? { firstName: contact.firstName } : {}),
      locale: contact.locale,
      ...(contact.ageBracket !== undefined ? { ageBracket: contact.ageBracket } : {}),
      ...(contact.region !== undefined ? { region: contact.region } : {}),
      interests: contact.interests,
      follows: contact.follows ?? [],
      ...(contact.consentAt !== undefined ? { consentAt: contact.consentAt } : {}),
      identities: contact.identities.map((identity) => ({ channel: identity.channel, id: identity.externalId })),
      createdAt: contact.createdAt,
    },
    signups: signups.map((signup) => ({
      opportunityId: signup.opportunityId,
      status: signup.status,
      ...(signup.firstName !== undefined ? { firstName: signup.firstName } : {}),
      ...(signup.parentConsent ? { parentConsent: signup.parentConsent } : {}),
      ...(signup.attended !== undefined ? { attended: signup.attended } : {}),
      ...(signup.feedback !== undefined ? { feedback: signup.feedback } : {}),
      createdAt: signup.createdAt,
    })),
    alerts: subscriptions.map((subscription) => ({
      criteria: { ...subscription.criteria },
      createdAt: subscription.createdAt,
    })),
    questions: questions.map((question) => ({
      text: question.text,
      status: question.status,
      ...(question.answer ? { answer: question.answer.text } : {}),
      createdAt: question.createdAt,
    })),
  };
}
