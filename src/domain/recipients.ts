/** Which of a person's channels a message goes to. */
import type { ChannelIdentity, ChannelName, Contact } from './model';

/** The contact's identity on the preferred channel, else on the one they used last, else any. */
export function recipientOf(contact: Contact, preferred: ChannelName | undefined): ChannelIdentity | undefined {
  const on = (channel: ChannelName | undefined) =>
    [...contact.identities].reverse().find((identity) => identity.channel === channel);
  return on(preferred) ?? on(contact.lastInboundChannel) ?? contact.identities[0];
}

/** Where the bot writes on its own initiative (alerts, broadcasts): where the person last wrote from. */
export function initiativeRoute(contact: Contact): ChannelIdentity | undefined {
  return recipientOf(contact, contact.lastInboundChannel ?? contact.identities[0]?.channel);
}
