/** Signing up, listing one's sign-ups, cancelling. */
import { creditedArrival } from '../arrivals';
import { FEEDBACKS, type Feedback, type Opportunity } from '../../domain/model';
import { LINK_VALIDITY_MS } from '../../domain/linking';
import { asJson, type SignupView } from '../views';
import {
  isAvailable,
  oldEnough,
  opportunityView,
  text,
  type ActionDeps,
  type ActionHandler,
  type TurnState,
} from './context';

function isFeedback(value: string | undefined): value is Feedback {
  return (FEEDBACKS as readonly (string | undefined)[]).includes(value);
}

async function load(
  args: Parameters<ActionHandler>[0],
  turn: TurnState,
  deps: ActionDeps,
): Promise<Opportunity | undefined> {
  const id = text(args.opportunityId);
  const opportunity = id === undefined ? undefined : await deps.store.opportunities.get(id);
  return isAvailable(opportunity, turn.now) ? opportunity : undefined;
}

/** Decides what to ask before signing up: consent, a parent's agreement, a first name, or nothing. */
export const prepareSignup: ActionHandler<
  | 'ready'
  | 'not_found'
  | 'already_confirmed'
  | 'already_waitlisted'
  | 'already_offered'
  | 'needs_consent'
  | 'too_young'
  | 'needs_parent'
  | 'ask_name'
> = async (args, turn, deps) => {
  const opportunity = await load(args, turn, deps);
  if (!opportunity) return { outcome: 'not_found' };
  const { contact } = turn;
  const existing = (await deps.store.signups.listByContact(contact.id)).find(
    (signup) => signup.opportunityId === opportunity.id && signup.status !== 'cancelled',
  );
  const vars = { _opportunity: asJson(await opportunityView(opportunity, deps, contact.ageBracket)) };
  if (existing && existing.status !== 'cancelled') return { outcome: `already_${existing.status}` as const, vars };
  if (!contact.consentAt) return { outcome: 'needs_consent', vars };
  if (!oldEnough(contact.ageBracket, opportunity.minAge)) return { outcome: 'too_young', vars };
  if (contact.ageBracket === 'under15' && args.parentConsent !== true) return { outcome: 'needs_parent', vars };
  const fields = opportunity.signupFields ?? ['firstName'];
  if (fields.includes('firstName') && !contact.firstName && text(args.firstName) === undefined)
    return { outcome: 'ask_name', vars };
  return { outcome: 'ready', vars };
};

export const signUp: ActionHandler<
  'confirmed' | 'waitlisted' | 'full' | 'already_confirmed' | 'already_waitlisted' | 'not_found'
> = async (args, turn, deps) => {
  const opportunity = await load(args, turn, deps);
  if (!opportunity) return { outcome: 'not_found' };
  const now = turn.now.toISOString();
  const asksName = (opportunity.signupFields ?? ['firstName']).includes('firstName');
  const firstName = asksName ? (text(args.firstName) ?? turn.contact.firstName) : undefined;
  if (firstName !== undefined && firstName !== turn.contact.firstName) {
    turn.contact = (await deps.store.contacts.update(turn.contact.id, { firstName, updatedAt: now })) ?? turn.contact;
  }
  const result = await deps.store.signups.request({
    id: deps.newId(),
    contactId: turn.contact.id,
    opportunityId: opportunity.id,
    channel: turn.channel,
    ...(firstName !== undefined ? { firstName } : {}),
    ...(turn.contact.ageBracket ? { ageBracket: turn.contact.ageBracket } : {}),
    ...(turn.contact.ageBracket === 'under15' && args.parentConsent === true
      ? { parentConsent: { at: now, channel: turn.channel } }
      : {}),
    ...(opportunity.capacity !== undefined ? { capacity: opportunity.capacity } : {}),
    joinWaitlist: args.joinWaitlist === true,
    now,
  });
  if (!result.signup) return { outcome: result.outcome };
  if (result.outcome === 'confirmed' || result.outcome === 'waitlisted') {
    const arrival = await creditedArrival(deps.store, opportunity.id, turn.contact.id);
    await deps.store.metrics.record({
      id: deps.newId(),
      type: 'signup',
      opportunityId: opportunity.id,
      contactId: turn.contact.id,
      channel: turn.channel,
      ...(arrival ? { sharedBy: arrival.sharedBy, ...(arrival.sharedOn ? { sharedOn: arrival.sharedOn } : {}) } : {}),
      at: now,
    });
    if (arrival?.sharedBy)
      await deps.sharedLinkWorked?.(
        {
          sharerId: arrival.sharedBy,
          newcomerId: turn.contact.id,
          opportunityId: opportunity.id,
          ...(firstName ? { newcomerName: firstName } : {}),
        },
        turn.now,
      );
    await deps.notifyCoordinators?.(
      {
        kind: 'signup',
        signupId: result.signup.id,
        opportunityId: opportunity.id,
        ...(firstName ? { firstName } : {}),
      },
      turn.now,
    );
  }
  const view: SignupView = {
    id: result.signup.id,
    status: result.signup.status,
    // After a sign-up, following the association is offered (once: not to who already follows it).
    opportunity: await opportunityView(opportunity, deps, undefined, turn.contact.follows ?? []),
  };
  // A channel that cannot write days later (Messenger's 24 hours) cannot carry the reminder: offer the
  // channels that can, through a one-time link.
  const reachesLater = deps.reachesLater?.(turn.channel) ?? true;
  if (!reachesLater && opportunity.startsAt !== undefined && deps.continueLinks) {
    const token = `${deps.newId()}${deps.newId()}`.slice(0, 24);
    await deps.store.linkTokens.create(
      token,
      turn.contact.id,
      new Date(turn.now.getTime() + LINK_VALIDITY_MS).toISOString(),
    );
    view.continueOn = deps.continueLinks(token);
  }
  return { outcome: result.outcome, vars: { _signup: asJson(view) } };
};

/** Active sign-ups for what has not ended yet, soonest first. */
export const mySignups: ActionHandler<'none' | 'some'> = async (_args, turn, deps) => {
  const views: SignupView[] = [];
  for (const signup of await deps.store.signups.listByContact(turn.contact.id)) {
    if (signup.status === 'cancelled') continue;
    const opportunity = await deps.store.opportunities.get(signup.opportunityId);
    if (!isAvailable(opportunity, turn.now)) continue;
    views.push({ id: signup.id, status: signup.status, opportunity: await opportunityView(opportunity, deps) });
  }
  views.sort((a, b) => (a.opportunity.startsAt ?? '9999').localeCompare(b.opportunity.startsAt ?? '9999'));
  return views.length === 0 ? { outcome: 'none' } : { outcome: 'some', vars: { _signups: asJson(views) } };
};

/** Whether the sign-up a button names is still there to cancel (the person's own only). */
export const checkCancellable: ActionHandler<'active' | 'already_cancelled' | 'not_found'> = async (
  args,
  turn,
  deps,
) => {
  const signup = await ownSignup(args, turn, deps);
  if (!signup) return { outcome: 'not_found' };
  return { outcome: signup.status === 'cancelled' ? 'already_cancelled' : 'active' };
};

export const cancelSignup: ActionHandler<'cancelled' | 'not_found'> = async (args, turn, deps) => {
  // A payload can be forged or come from someone else's forwarded message: only one's own.
  const signup = await ownSignup(args, turn, deps);
  if (!signup) return { outcome: 'not_found' };
  const now = turn.now.toISOString();
  const cancelled = await deps.store.signups.cancel(signup.id, now);
  if (!cancelled) return { outcome: 'not_found' };
  await deps.store.metrics.record({
    id: deps.newId(),
    type: 'signup_cancelled',
    opportunityId: signup.opportunityId,
    contactId: turn.contact.id,
    channel: turn.channel,
    at: now,
  });
  if (signup.status === 'confirmed' || signup.status === 'offered')
    await deps.seatFreed?.(signup.opportunityId, turn.now);
  return { outcome: 'cancelled' };
};

/** The person's own sign-up named by a button, or undefined (a forged or forwarded payload). */
async function ownSignup(args: Parameters<ActionHandler>[0], turn: TurnState, deps: ActionDeps) {
  const id = text(args.signupId);
  const signup = id === undefined ? undefined : await deps.store.signups.get(id);
  return signup?.contactId === turn.contact.id ? signup : undefined;
}

/** After the meeting: did the person come, and how was it. */
export const recordAttendance: ActionHandler<'ok' | 'not_found'> = async (args, turn, deps) => {
  const signup = await ownSignup(args, turn, deps);
  if (!signup || signup.status !== 'confirmed') return { outcome: 'not_found' };
  const feedback = text(args.feedback);
  await deps.store.signups.setAttendance(
    signup.id,
    args.attended === true,
    isFeedback(feedback) ? feedback : undefined,
    turn.now.toISOString(),
  );
  return { outcome: 'ok' };
};

/** Taking or declining a place offered from the waiting list. */
export const answerOffer: ActionHandler<'confirmed' | 'declined' | 'expired' | 'not_offered'> = async (
  args,
  turn,
  deps,
) => {
  const signup = await ownSignup(args, turn, deps);
  if (!signup) return { outcome: 'not_offered' };
  const accept = args.accept === true;
  const { answer } = await deps.store.signups.answerOffer(signup.id, accept, turn.now.toISOString());
  if (answer === 'confirmed') {
    await deps.store.metrics.record({
      id: deps.newId(),
      type: 'signup',
      opportunityId: signup.opportunityId,
      contactId: turn.contact.id,
      channel: turn.channel,
      at: turn.now.toISOString(),
    });
  }
  if (answer === 'declined') await deps.seatFreed?.(signup.opportunityId, turn.now);
  // An offer withdrawn at its deadline left the sign-up cancelled: to the person, it came too late.
  if (answer === 'not_offered' && signup.status === 'cancelled') return { outcome: 'expired' };
  return { outcome: answer };
};
