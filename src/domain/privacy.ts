/** The right to erasure: what "forget me" removes, in one place. */
import type { Store } from './ports';

/**
 * Cancels the person's active sign-ups (freeing their places), deletes their alerts, questions and
 * conversation, and strips the contact to an anonymous, unreachable record: sign-up counts in the
 * statistics stay right, but nothing points back to the person. A later message starts afresh.
 */
export async function forgetContact(store: Store, contactId: string, now: string): Promise<void> {
  await store.signups.forgetContact(contactId, now);
  await store.subscriptions.removeAllForContact(contactId);
  await store.questions.removeAllForContact(contactId);
  await store.sessions.remove(contactId);
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
}
