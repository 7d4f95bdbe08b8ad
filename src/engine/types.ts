/** The engine's neutral types: what comes in from any channel, and what goes out to it. */
import type { ChannelName, Locale } from '../domain/model';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type Vars = Record<string, JsonValue>;

/** What a person did, already parsed from the platform's wire format. */
export type PersonInput =
  /**
   * First contact, /start, Get Started, or a link: a share link's reference as the platform carried
   * it (the conversation reads and verifies it), or the opportunity (or the association's list, from
   * a website's widget) it was found to open.
   */
  | { type: 'start'; shareRef?: string; opportunityId?: string; associationId?: string; linkToken?: string }
  | { type: 'text'; text: string }
  /** A platform command (a Telegram `/signups`, a Messenger menu entry), by its name in the flows' `commands`. */
  | { type: 'command'; name: string }
  /** A tapped button or quick reply: the payload the engine put on it. */
  | { type: 'choice'; payload: string }
  | { type: 'attachment'; kind: string };

/** Something the system starts: a reminder, a follow-up. */
export interface TriggerInput {
  type: 'trigger';
  name: string;
  vars?: Vars;
}

export interface ActionResult<O extends string = string> {
  /** Chooses the branch the flow takes (`ok`, `empty`, `full`...). */
  outcome: O;
  /** Merged into the session's variables; names starting with `_` are dropped at the end of the turn. */
  vars?: Vars;
}

export type EngineInput = PersonInput | TriggerInput | { type: 'action_result'; result: ActionResult };

/** A text to show, as an i18n key and its parameters; the renderer translates it. */
export interface TextRef {
  key: string;
  params?: Vars;
}

export interface ChoiceTemplate {
  label: TextRef;
  payload: string;
}

export type MessageTemplate =
  | { kind: 'text'; text: TextRef; choices?: ChoiceTemplate[] }
  /** A carousel: each item is rendered by the named template, with its own buttons. */
  | { kind: 'cards'; template: string; items: JsonValue[]; buttons: ChoiceTemplate[][]; choices?: ChoiceTemplate[] }
  /** A rich presentation (opportunity details, a confirmation...) built by the named template. */
  | { kind: 'show'; template: string; data: JsonValue; choices?: ChoiceTemplate[] };

export type EngineEvent = { type: 'message'; message: MessageTemplate } | { type: 'action'; name: string; args: Vars };

export const SESSION_SCHEMA = 1;

/** A conversation's state: serialisable, and pointing at nodes by id so edited flows keep working. */
export interface Session {
  schema: typeof SESSION_SCHEMA;
  flow: string;
  node: string;
  waiting: 'input' | 'action' | 'idle';
  vars: Vars;
  /** The choices last offered, so typed text can pick one and a stale tap can be answered with them. */
  prompt: ChoiceTemplate[];
  /** The question last asked, repeated after a stale tap or an answer that does not fit. */
  question: TextRef | null;
  /** Typed answers a strict question has already refused; at the limit the person is let go. */
  refused?: number;
}

import type { OutboundMessage } from '../domain/messages';

export type { Card, Choice, OutboundMessage } from '../domain/messages';

/** An event from a channel, before the engine: who, where, what. */
export interface InboundEvent {
  channel: ChannelName;
  externalId: string;
  /** The platform's id for this event (update_id, mid, client message id): redeliveries are dropped. */
  eventId?: string;
  /** The platform's language hint for a new contact. */
  localeHint?: string;
  /**
   * When the person sent it, by the platform's clock. Messenger's 24-hour window runs from this
   * instant, not from when we got round to handling it (an event can wait in the inbox).
   */
  sentAt?: string;
  /**
   * The channel answers in the HTTP response (the web chat): its client retries only its own
   * unanswered message, so only its last few event ids are kept (see `conversation.ts`).
   */
  replyInResponse?: boolean;
  input: PersonInput;
}

export interface TurnResult {
  contactId: string;
  locale: Locale;
  messages: OutboundMessage[];
  duplicate: boolean;
  /** The person had everything about them erased in this turn: a channel forgets them too. */
  erased?: boolean;
}
