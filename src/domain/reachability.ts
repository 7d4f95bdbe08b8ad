/** Whether a contact can be written to, as platforms tell us (blocked, unblocked, account gone). */
import type { ChannelIdentity } from './model';
import type { ContactRepository } from './ports';

/**
 * An active contact the platform cannot reach becomes `unreachable`; an unreachable one the
 * platform can reach again becomes `active`. Someone who said STOP, or was erased, stays so.
 */
export async function setReachable(
  contacts: ContactRepository,
  identity: ChannelIdentity,
  reachable: boolean,
  now: Date,
): Promise<void> {
  const contact = await contacts.findByIdentity(identity);
  if (!contact) return;
  const from = reachable ? 'unreachable' : 'active';
  if (contact.status !== from) return;
  await contacts.update(contact.id, { status: reachable ? 'active' : 'unreachable', updatedAt: now.toISOString() });
}
