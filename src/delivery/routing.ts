/** Who may be written to, and on which of their channels. */
import type { ChannelName, Contact } from '../domain/model';
import type { OutboxEntry, SkipReason } from '../domain/outbox';

/**
 * Stopped, unreachable and erased contacts get nothing, except the answer to a question they asked
 * a person (they are waiting for it; STOP is about alerts and broadcasts, not conversations).
 */
export function contactSkipReason(contact: Contact | undefined, entry: OutboxEntry): SkipReason | undefined {
  if (!contact || contact.status === 'erased') return 'erased';
  if (contact.status === 'stopped' && entry.purpose !== 'answer') return 'stopped';
  if (contact.status === 'unreachable') return 'unreachable';
  return undefined;
}

export interface Route {
  channel: ChannelName;
  externalId: string;
}

/**
 * The entry's own channel first, then the contact's other channels (linked identities), the most
 * recently used first: a reminder Messenger may not carry goes where it can be delivered.
 */
export function routesFor(contact: Contact, entry: OutboxEntry, available: ReadonlySet<ChannelName>): Route[] {
  const routes: Route[] = [];
  const add = (route: Route) => {
    if (
      available.has(route.channel) &&
      !routes.some((r) => r.channel === route.channel && r.externalId === route.externalId)
    )
      routes.push(route);
  };
  if (
    contact.identities.some(
      (identity) => identity.channel === entry.channel && identity.externalId === entry.externalId,
    )
  ) {
    add({ channel: entry.channel, externalId: entry.externalId });
  }
  const others = [...contact.identities].reverse();
  const recent = others.filter((identity) => identity.channel === contact.lastInboundChannel);
  for (const identity of [...recent, ...others]) add(identity);
  return routes;
}
