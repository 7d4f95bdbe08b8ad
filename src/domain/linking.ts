/**
 * Joining a second channel to a contact: a Messenger user who wants reminders opens a one-time link
 * on Telegram or the web chat, and that identity becomes theirs, so reminders go where they can be
 * delivered. An identity that already has its own sign-ups or alerts is never taken over.
 */
import type { ChannelIdentity } from './model';
import type { Store } from './ports';

export const LINK_PREFIX = 'link_';
export const LINK_VALIDITY_MS = 7 * 24 * 3600_000;

export type LinkOutcome = 'linked' | 'already_linked' | 'taken' | 'invalid' | 'coordinator_linked';

/** Tokens made for a coordinator's account (new sign-ups and questions reach them on Telegram). */
const ACCOUNT_TARGET = 'account:';

/** What a coordinator's link token points at, in the store's token-to-target table. */
export const accountLinkTarget = (accountId: string) => `${ACCOUNT_TARGET}${accountId}`;

export async function linkIdentity(
  store: Pick<Store, 'accounts' | 'contacts' | 'linkTokens' | 'sessions' | 'signups' | 'subscriptions'>,
  token: string,
  identity: ChannelIdentity,
  now: Date,
): Promise<LinkOutcome> {
  const iso = now.toISOString();
  const targetId = await store.linkTokens.consume(token, iso);
  if (targetId?.startsWith(ACCOUNT_TARGET)) {
    // Messenger cannot open a link with a parameter into the bot; Telegram and the web chat can.
    if (identity.channel === 'messenger') return 'invalid';
    const account = await store.accounts.update(targetId.slice(ACCOUNT_TARGET.length), { alertsTo: identity });
    return account ? 'coordinator_linked' : 'invalid';
  }
  const target = targetId === undefined ? undefined : await store.contacts.get(targetId);
  if (!target || target.status === 'erased') return 'invalid';
  const current = await store.contacts.findByIdentity(identity);
  if (current?.id === target.id) return 'already_linked';
  if (current) {
    const signups = (await store.signups.listByContact(current.id)).filter((signup) => signup.status !== 'cancelled');
    const alerts = await store.subscriptions.listByContact(current.id);
    if (signups.length > 0 || alerts.length > 0) return 'taken';
    // Only a greeting happened on this channel: its empty contact gives the identity up.
    const rest = current.identities.filter(
      (other) => !(other.channel === identity.channel && other.externalId === identity.externalId),
    );
    await store.sessions.remove(current.id);
    await store.contacts.update(current.id, {
      identities: rest,
      ...(rest.length === 0 ? { status: 'erased' as const } : {}),
      updatedAt: iso,
    });
  }
  await store.contacts.update(target.id, { identities: [...target.identities, identity], updatedAt: iso });
  return 'linked';
}
