import { alertsAllowed, mySubscriptions, stopAll, subscribe, unsubscribe } from './alerts';
import { defineAction, type ActionDefinition } from './context';
import { getOpportunity, listRegions, listThemes, searchOpportunities, shareOpportunity } from './discovery';
import { forgetMe, giveConsent, myData, profileStatus, setLanguage } from './profile';
import { questionTargets, recordQuestion } from './questions';
import { findOrganisation, followOrganisation, listFollows, unfollowOrganisation } from './follows';
import { myImpact } from './impact';
import { rememberRegion, setRegion } from './region';
import {
  answerOffer,
  cancelSignup,
  checkCancellable,
  mySignups,
  prepareSignup,
  recordAttendance,
  signUp,
} from './signups';

export type { ActionDefinition, ActionDeps, ActionHandler, EngineHooks, TurnState } from './context';

/** Every action a flow may name, with every outcome it can return. The flow loader refuses any other. */
export const ACTIONS: Readonly<Record<string, ActionDefinition>> = {
  alertsAllowed: defineAction(alertsAllowed, { ok: true, needs_consent: true, needs_parent: true }),
  subscribe: defineAction(subscribe, { ok: true, already: true, needs_consent: true, needs_parent: true }),
  mySubscriptions: defineAction(mySubscriptions, { none: true, some: true }),
  unsubscribe: defineAction(unsubscribe, { ok: true, not_found: true }),
  stopAll: defineAction(stopAll, { ok: true }),
  listRegions: defineAction(listRegions, { ok: true, none: true }),
  listThemes: defineAction(listThemes, { ok: true, none: true, single: true }),
  searchOpportunities: defineAction(searchOpportunities, {
    found: true,
    no_terms: true,
    no_match: true,
    empty: true,
    end: true,
  }),
  getOpportunity: defineAction(getOpportunity, { ok: true, not_found: true }),
  shareOpportunity: defineAction(shareOpportunity, { ok: true, not_found: true }),
  profileStatus: defineAction(profileStatus, { known: true, needs_consent: true }),
  giveConsent: defineAction(giveConsent, { ok: true, under15: true, invalid: true }),
  setLanguage: defineAction(setLanguage, { ok: true, invalid: true }),
  recordQuestion: defineAction(recordQuestion, { ok: true, empty: true }),
  questionTargets: defineAction(questionTargets, { ok: true, none: true }),
  followOrganisation: defineAction(followOrganisation, { ok: true, not_found: true }),
  listFollows: defineAction(listFollows, { ok: true, none: true }),
  unfollowOrganisation: defineAction(unfollowOrganisation, { ok: true }),
  myImpact: defineAction(myImpact, { ok: true, none: true }),
  findOrganisation: defineAction(findOrganisation, { ok: true, not_found: true }),
  rememberRegion: defineAction(rememberRegion, { remembered: true, kept: true }),
  setRegion: defineAction(setRegion, { set: true, removed: true, unknown: true }),
  myData: defineAction(myData, { ok: true }),
  forgetMe: defineAction(forgetMe, { done: true }),
  prepareSignup: defineAction(prepareSignup, {
    ready: true,
    not_found: true,
    already_confirmed: true,
    already_waitlisted: true,
    already_offered: true,
    needs_consent: true,
    too_young: true,
    needs_parent: true,
    ask_name: true,
  }),
  signUp: defineAction(signUp, {
    confirmed: true,
    waitlisted: true,
    full: true,
    already_confirmed: true,
    already_waitlisted: true,
    not_found: true,
  }),
  mySignups: defineAction(mySignups, { none: true, some: true }),
  checkCancellable: defineAction(checkCancellable, { active: true, already_cancelled: true, not_found: true }),
  cancelSignup: defineAction(cancelSignup, { cancelled: true, not_found: true }),
  recordAttendance: defineAction(recordAttendance, { ok: true, not_found: true }),
  answerOffer: defineAction(answerOffer, { confirmed: true, declined: true, expired: true, not_offered: true }),
};
