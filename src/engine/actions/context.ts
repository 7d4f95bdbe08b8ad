/** What every action gets: the ports, the person, the clock, and how to read its arguments. */
import type { IdGenerator } from '../../domain/ids';
import type { AgeBracket, ChannelName, Contact, Opportunity } from '../../domain/model';
import type { CoordinatorEvent } from '../../domain/notices';
import type { Store } from '../../domain/ports';
import type { Sharing } from '../../domain/share';
import type { ActionResult, JsonValue, Vars } from '../types';
import type { OpportunityView } from '../views';

export interface ActionDeps extends EngineHooks {
  store: Store;
  newId: IdGenerator;
  /** The bot's timezone: "demain" and "ce week-end" in a typed search are days there. */
  timezone: string;
  sharing: Sharing;
}

/** What the app wires from the layers above the engine (delivery, admin); each is optional. */
export interface EngineHooks {
  /** A place was given back: the waiting list gets its chance (wired to the outbox by the app). */
  seatFreed?(opportunityId: string, now: Date): Promise<void>;
  /** Tells the coordinators who linked Telegram about a new sign-up or question (wired by the app). */
  notifyCoordinators?(event: CoordinatorEvent, now: Date): Promise<void>;
  /** Whether the bot can write on this channel days after the person last did (a reminder). */
  reachesLater?(channel: ChannelName): boolean;
  /** Someone signed up through a person's share link: the sharer hears it worked (wired by the app). */
  sharedLinkWorked?(
    event: { sharerId: string; newcomerId: string; opportunityId: string; newcomerName?: string },
    now: Date,
  ): Promise<void>;
  /** Links that join another channel to this contact with a one-time token (for Messenger users). */
  continueLinks?(token: string): Array<{ channel: ChannelName; url: string }>;
}

/** The person this turn is about; actions that change the contact replace it here. */
export interface TurnState {
  contact: Contact;
  channel: ChannelName;
  now: Date;
  /** Set by "forget me": the runner then removes the session instead of saving it. */
  erased: boolean;
}

export type ActionHandler<O extends string = string> = (
  args: Vars,
  turn: TurnState,
  deps: ActionDeps,
) => Promise<ActionResult<O>>;

/** An action with the outcomes it can return, so flows can be checked against them at start-up. */
export interface ActionDefinition {
  run: ActionHandler;
  outcomes: readonly string[];
}

/** Every outcome the handler's type allows must be listed, and nothing else. */
export function defineAction<O extends string>(run: ActionHandler<O>, outcomes: Record<O, true>): ActionDefinition {
  return { run, outcomes: Object.keys(outcomes) };
}

/** A non-empty string argument, or undefined (flows pass null for "not chosen"). */
export function text(value: JsonValue | undefined): string | undefined {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

export function integer(value: JsonValue | undefined, fallback: number): number {
  const parsed = typeof value === 'number' ? value : Number(text(value));
  return Number.isInteger(parsed) && parsed >= 0 ? parsed : fallback;
}

/** Bookable now: published and not over. */
export function isAvailable(opportunity: Opportunity | undefined, now: Date): opportunity is Opportunity {
  if (!opportunity || opportunity.status !== 'published') return false;
  const end = opportunity.endsAt ?? opportunity.startsAt;
  return end === undefined || Date.parse(end) >= now.getTime();
}

const MIN_AGE_OF_BRACKET: Record<AgeBracket, number> = { under15: 0, '15to17': 15, '18to25': 18, over25: 26 };

/** Brackets are ranges: someone in "15 to 17" may be too young for a role from 16. Err on the safe side. */
export function oldEnough(bracket: AgeBracket | undefined, minAge: number | undefined): boolean {
  if (minAge === undefined || minAge <= 0) return true;
  return bracket !== undefined && MIN_AGE_OF_BRACKET[bracket] >= minAge;
}

/** What the person sees of an opportunity; `bracket` (theirs) decides whether sign-up is offered. */
export async function opportunityView(
  opportunity: Opportunity,
  deps: ActionDeps,
  bracket?: AgeBracket,
  follows?: readonly string[],
): Promise<OpportunityView> {
  const [organisation, confirmed] = await Promise.all([
    deps.store.organisations.get(opportunity.organisationId),
    opportunity.capacity === undefined ? Promise.resolve(0) : deps.store.signups.countConfirmed(opportunity.id),
  ]);
  // What coordinators manage (capacity, status, age limit, timestamps) stays out of the view.
  const {
    organisationId: _organisation,
    capacity,
    minAge,
    status: _status,
    signupFields: _fields,
    createdAt: _created,
    updatedAt: _updated,
    ...visible
  } = opportunity;
  return {
    ...visible,
    organisation: organisation?.name ?? '',
    placesLeft: capacity === undefined ? null : Math.max(0, capacity - confirmed),
    ...(minAge !== undefined && minAge > 0 ? { minAge } : {}),
    signupOpen: oldEnough(bracket, minAge),
    ...(follows && organisation && !follows.includes(organisation.id) ? { followable: true } : {}),
  };
}
