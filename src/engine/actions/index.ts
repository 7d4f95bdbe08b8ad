import { alertsAllowed, mySubscriptions, stopAll, subscribe, unsubscribe } from './alerts';
import type { ActionHandler } from './context';
import { getOpportunity, listRegions, listThemes, searchOpportunities, shareOpportunity } from './discovery';
import { forgetMe, giveConsent, myData, profileStatus, recordQuestion, setLanguage } from './profile';
import { answerOffer, cancelSignup, mySignups, prepareSignup, recordAttendance, signUp } from './signups';

export type { ActionDeps, ActionHandler, EngineHooks, TurnState } from './context';

/** Every action a flow may name. The flow loader refuses any other name. */
export const ACTIONS: Readonly<Record<string, ActionHandler>> = {
  profileStatus,
  giveConsent,
  setLanguage,
  recordQuestion,
  myData,
  forgetMe,
  listRegions,
  listThemes,
  searchOpportunities,
  getOpportunity,
  shareOpportunity,
  prepareSignup,
  signUp,
  mySignups,
  cancelSignup,
  recordAttendance,
  answerOffer,
  alertsAllowed,
  subscribe,
  mySubscriptions,
  unsubscribe,
  stopAll,
};
