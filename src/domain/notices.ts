/**
 * The messages the bot sends on its own, composed in the person's language. The engine implements
 * this (it owns texts and buttons); the scheduler and the outbox's helpers only ask for them.
 */
import type { OutboundMessage } from './messages';
import type { Contact, Locale, Opportunity } from './model';

/** What coordinators are told about as it happens: a new sign-up, a question for a person. */
export type CoordinatorEvent =
  | { kind: 'signup'; signupId: string; opportunityId: string; firstName?: string }
  /** Without an association, a question is for the network's administrators. */
  | { kind: 'question'; questionId: string; text: string; organisationId?: string };

export interface NoticeComposer {
  /** What, when and where, with "I'll be there" and "I can't come any more". */
  reminder(contact: Contact, opportunity: Opportunity, signupId: string): OutboundMessage[];
  /** After the meeting: did you come? */
  followUp(contact: Contact, opportunity: Opportunity, signupId: string): OutboundMessage[];
  /** A place freed up: take it before the deadline, or it goes to the next person. */
  waitlistOffer(contact: Contact, opportunity: Opportunity, signupId: string, expiresAt: string): OutboundMessage[];
  /** The offer ran out; the place went to the next person. */
  offerExpired(contact: Contact, opportunity: Opportunity): OutboundMessage[];
  /** The date or the place changed. */
  opportunityChanged(contact: Contact, opportunity: Opportunity): OutboundMessage[];
  /** It will not take place. */
  opportunityCancelled(contact: Contact, opportunity: Opportunity): OutboundMessage[];
  /** A coordinator's broadcast: an optional picture or video, the text, an optional opportunity card. */
  broadcast(
    contact: Contact,
    content: { text: string; textEn?: string; mediaUrl?: string; opportunity?: Opportunity; organisationName: string },
  ): OutboundMessage[];
  /** Someone signed up through the person's share link; named only when both may be (see sharer-thanks.ts). */
  sharedLinkWorked(contact: Contact, opportunity: Opportunity, newcomerName?: string): OutboundMessage[];
  /** A coordinator's answer to the person's question. */
  answer(contact: Contact, text: string, organisationName: string): OutboundMessage[];
  /** To a coordinator on Telegram: a new sign-up or question for their organisation. */
  coordinatorAlert(
    contact: Contact,
    what: 'signup' | 'question',
    details: { title?: string; firstName?: string; text?: string },
  ): OutboundMessage[];
  /** The post announcing an opportunity on the association's Telegram channel or Facebook Page. */
  publication(locale: Locale, opportunity: Opportunity, organisationName: string, link: string): string;
  /** A new opportunity matching one of the person's alerts. */
  alert(contact: Contact, opportunity: Opportunity, organisationName: string): OutboundMessage[];
}
