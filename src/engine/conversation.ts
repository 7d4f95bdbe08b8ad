/**
 * Runs one inbound event through the engine: finds the contact, serialises their messages, loads
 * the session, alternates interpreter steps and actions, renders the replies, saves the session.
 * Redeliveries are recognised by the event ids saved with the session, in the same atomic write,
 * so an event counts as handled exactly when its effects on the conversation were saved.
 */
import type { IdGenerator } from '../domain/ids';
import { linkIdentity } from '../domain/linking';
import { DEFAULT_LOCALE, type Contact, type Locale } from '../domain/model';
import type { Store } from '../domain/ports';
import { readAssociationRef, type ShareRef } from '../domain/share';
import { recordArrival } from './arrivals';
import type { Logger } from '../util/logger';
import type { ActionDefinition, ActionDeps, ActionHandler, EngineHooks, TurnState } from './actions';
import type { Translator } from './i18n';
import { advance, FlowLoopError, newSession, restart, type EngineContext } from './interpreter';
import { KeyedLock } from '../util/keyed-lock';
import { renderMessage } from './render';
import type { LinkBuilder } from './templates';
import {
  SESSION_SCHEMA,
  type EngineInput,
  type InboundEvent,
  type OutboundMessage,
  type Session,
  type TurnResult,
} from './types';

/**
 * How long a platform's event id is remembered: longer than any platform redelivers (Telegram keeps
 * an update 24 hours; Meta retries a failed webhook for hours), whatever the person sent in between.
 */
export const EVENT_MEMORY_MS = 48 * 3600_000;
/** Beyond any person's 48 hours; only a script could reach it, and then its own session stops growing. */
const MAX_REMEMBERED_PLATFORM_EVENTS = 5000;
/**
 * The web page sends one message at a time and retries only that one: the last ids cover a person
 * chatting in several tabs at once, and a visitor sending thousands of messages keeps a small session.
 */
const REMEMBERED_WEB_EVENTS = 8;
const MAX_ACTIONS_PER_TURN = 20;
const MAX_SAVE_ATTEMPTS = 3;
/** A contact's last inbound time is rewritten at most this often (it is kept to the minute). */
export const LAST_INBOUND_PRECISION_MS = 60_000;

interface PersistedConversation {
  session: Session;
  /** Events handled in the last EVENT_MEMORY_MS: `[event id, when handled (ms)]`, oldest first. */
  seenEvents: [string, number][];
  /**
   * The answer to the latest event: sent again to a web client retrying after a lost response, and
   * what a platform channel resumes after a crash mid-reply (see channels/reply-journal.ts).
   */
  lastReply?: { eventId: string; messages: OutboundMessage[] };
}

export interface ConversationDeps {
  store: Store;
  engine: EngineContext;
  translator: Translator;
  actions: Readonly<Record<string, ActionDefinition>>;
  clock: () => Date;
  newId: IdGenerator;
  timezone: string;
  defaultLocale: Locale;
  links: LinkBuilder;
  sharing: ActionDeps['sharing'];
  hooks?: EngineHooks;
  logger: Logger;
}

export class SessionConflictError extends Error {
  constructor(contactId: string) {
    super(`The conversation of ${contactId} kept changing under us (${MAX_SAVE_ATTEMPTS} attempts).`);
    this.name = 'SessionConflictError';
  }
}

export class Conversation {
  private readonly locks = new KeyedLock();

  constructor(private readonly deps: ConversationDeps) {}

  /** One person's events are handled in the order they arrive, contact lookup included. */
  async handle(received: InboundEvent): Promise<TurnResult> {
    return this.locks.run(`${received.channel}:${received.externalId}`, async () => {
      const now = this.deps.clock();
      const { event, share } = this.readShareRef(received);
      const linked = await this.link(event, now);
      const contact = await this.resolveContact(event, now);
      for (let attempt = 1; attempt <= MAX_SAVE_ATTEMPTS; attempt++) {
        const result = await this.turn(event, contact.id, now, linked);
        if (!result) continue;
        if (share && !result.duplicate) await recordArrival(this.deps, share, contact.id, event.channel, now);
        return result;
      }
      throw new SessionConflictError(contact.id);
    });
  }

  /** A share link opens its opportunity; whom it credits is known only here, from a verified signature. */
  private readShareRef(event: InboundEvent): { event: InboundEvent; share?: ShareRef } {
    if (event.input.type !== 'start' || event.input.shareRef === undefined) return { event };
    const { shareRef, ...start } = event.input;
    const associationId = readAssociationRef(shareRef);
    if (associationId) return { event: { ...event, input: { ...start, associationId } } };
    const share = this.deps.sharing.read(shareRef);
    if (!share) return { event: { ...event, input: start } };
    return { event: { ...event, input: { ...start, opportunityId: share.opportunityId } }, share };
  }

  /** A one-time link from another channel joins this identity to that contact first. */
  private async link(event: InboundEvent, now: Date): Promise<EngineInput | undefined> {
    if (event.input.type !== 'start' || event.input.linkToken === undefined) return undefined;
    const outcome = await linkIdentity(
      this.deps.store,
      event.input.linkToken,
      { channel: event.channel, externalId: event.externalId },
      now,
    );
    if (outcome === 'invalid') return { type: 'trigger', name: 'link_invalid' };
    if (outcome === 'coordinator_linked') return { type: 'trigger', name: 'coordinator_linked' };
    return { type: 'trigger', name: outcome === 'taken' ? 'link_taken' : 'linked' };
  }

  private async resolveContact(event: InboundEvent, now: Date): Promise<Contact> {
    const identity = { channel: event.channel, externalId: event.externalId };
    const iso = event.sentAt ?? now.toISOString();
    const { contact, created } = await this.deps.store.contacts.findOrCreate(identity, () => ({
      id: this.deps.newId(),
      identities: [identity],
      locale: this.deps.translator.fromHint(event.localeHint) ?? this.deps.defaultLocale,
      interests: [],
      status: 'active',
      lastInboundAt: iso,
      lastInboundChannel: event.channel,
      createdAt: iso,
      updatedAt: iso,
    }));
    if (created) return contact;
    // A message from someone marked unreachable proves they can be reached again; "stopped" stays.
    const status = contact.status === 'unreachable' ? 'active' : contact.status;
    // Messenger's 24-hour window needs the last message to the minute, not every message written.
    const fresh =
      contact.lastInboundAt !== undefined &&
      Date.parse(iso) - Date.parse(contact.lastInboundAt) < LAST_INBOUND_PRECISION_MS;
    if (fresh && contact.lastInboundChannel === event.channel && status === contact.status) return contact;
    return (
      (await this.deps.store.contacts.update(contact.id, {
        lastInboundAt: iso,
        lastInboundChannel: event.channel,
        status,
      })) ?? contact
    );
  }

  /** One attempt; undefined when another process saved the session meanwhile (then it is retried). */
  private async turn(
    event: InboundEvent,
    contactId: string,
    now: Date,
    override?: EngineInput,
  ): Promise<TurnResult | undefined> {
    const { store } = this.deps;
    const contact = (await store.contacts.get(contactId))!;
    const stored = await store.sessions.load(contactId);
    const persisted = this.revive(stored?.state, now);
    if (event.eventId !== undefined && persisted.seenEvents.some((seen) => seen[0] === event.eventId)) {
      const messages = persisted.lastReply?.eventId === event.eventId ? persisted.lastReply.messages : [];
      return { contactId, locale: contact.locale, messages, duplicate: true };
    }

    const turn: TurnState = { contact, channel: event.channel, now, erased: false };
    // Someone we have no conversation with (new, or back after "forget me") starts with the welcome,
    // whatever they sent first: consent comes before anything else.
    // A coordinator linking their Telegram is not a young person starting: no welcome for them.
    const coordinator = override?.type === 'trigger' && override.name === 'coordinator_linked';
    const input: EngineInput =
      stored === undefined && !coordinator
        ? event.input.type === 'start'
          ? event.input
          : { type: 'start' }
        : (override ?? event.input);
    const { session, messages } = await this.run(persisted.session, input, turn);

    if (turn.erased) {
      await store.sessions.remove(contactId);
    } else {
      const seenEvents = remembered(persisted.seenEvents, event, now);
      const state: PersistedConversation = {
        session,
        seenEvents,
        ...(event.eventId !== undefined ? { lastReply: { eventId: event.eventId, messages } } : {}),
      };
      const saved = await store.sessions.save(contactId, state, stored?.version ?? 0);
      if (!saved) return undefined;
    }
    return {
      contactId,
      locale: turn.contact.locale,
      messages,
      duplicate: false,
      ...(turn.erased ? { erased: true } : {}),
    };
  }

  private async run(
    start: Session,
    input: EngineInput,
    turn: TurnState,
  ): Promise<{ session: Session; messages: OutboundMessage[] }> {
    const messages: OutboundMessage[] = [];
    let session = start;
    let next: EngineInput | undefined = input;
    let actions = 0;
    try {
      while (next) {
        const step = advance(this.deps.engine, session, next, turn.now);
        session = step.session;
        next = undefined;
        for (const event of step.events) {
          if (event.type === 'message') {
            messages.push(...renderMessage(event.message, this.renderContext(turn.contact.locale)));
          } else {
            if (++actions > MAX_ACTIONS_PER_TURN) throw new FlowLoopError(`action ${event.name}`);
            next = { type: 'action_result', result: await this.runAction(event.name, event.args, turn) };
          }
        }
      }
      return { session, messages };
    } catch (error) {
      // A flow that loops is a bug in the flow files: say sorry, go back to the menu, keep serving.
      this.deps.logger.error('conversation failed', { contactId: turn.contact.id, error: String(error) });
      const context = this.renderContext(turn.contact.locale);
      const apology = renderMessage({ kind: 'text', text: { key: 'system.error' } }, context);
      const menu = restart(this.deps.engine, turn.now);
      const menuMessages = menu.events.flatMap((event) =>
        event.type === 'message' ? renderMessage(event.message, context) : [],
      );
      return { session: menu.session, messages: [...messages, ...apology, ...menuMessages] };
    }
  }

  private async runAction(name: string, args: Parameters<ActionHandler>[0], turn: TurnState) {
    const action = this.deps.actions[name];
    try {
      const { store, newId, sharing, hooks, timezone } = this.deps;
      return await action.run(args, turn, { ...hooks, store, newId, sharing, timezone });
    } catch (error) {
      this.deps.logger.error('action failed', { action: name, contactId: turn.contact.id, error: String(error) });
      return { outcome: 'error' };
    }
  }

  /** A stored conversation of an older schema starts afresh rather than being misread. */
  private revive(state: unknown, now: Date): PersistedConversation {
    const candidate = state as (Partial<PersistedConversation> & { recentEventIds?: unknown }) | undefined;
    if (candidate?.session?.schema !== SESSION_SCHEMA) return { session: newSession(this.deps.engine), seenEvents: [] };
    if (Array.isArray(candidate.seenEvents)) return candidate as PersistedConversation;
    // Saved by a version that kept the last 32 ids without their time: remembered from now on.
    const ids = Array.isArray(candidate.recentEventIds) ? candidate.recentEventIds.map(String) : [];
    return { ...(candidate as PersistedConversation), seenEvents: ids.map((id) => [id, now.getTime()]) };
  }

  private renderContext(locale: Locale) {
    return {
      locale: locale ?? DEFAULT_LOCALE,
      translator: this.deps.translator,
      timezone: this.deps.timezone,
      links: this.deps.links,
    };
  }
}

/** The event ids kept with the conversation after this event (see EVENT_MEMORY_MS). */
function remembered(seen: [string, number][], event: InboundEvent, now: Date): [string, number][] {
  const forgetBefore = now.getTime() - EVENT_MEMORY_MS;
  // Oldest first: when the oldest is still remembered, so is every other (the usual case).
  const kept =
    seen.length > 0 && seen[0][1] >= forgetBefore ? [...seen] : seen.filter((entry) => entry[1] >= forgetBefore);
  if (event.eventId !== undefined) kept.push([event.eventId, now.getTime()]);
  const limit = event.replyInResponse ? REMEMBERED_WEB_EVENTS : MAX_REMEMBERED_PLATFORM_EVENTS;
  return kept.length > limit ? kept.slice(-limit) : kept;
}
