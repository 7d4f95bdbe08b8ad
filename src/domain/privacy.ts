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
