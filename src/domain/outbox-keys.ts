/**
 * Outbox keys and groups, built and read here only. A key makes an entry unique (queueing it twice
 * adds it once); a group is what entries are counted, cancelled and reported by, and what a delivered
 * entry's `reached` metric names as its source.
 */

/** What a group gathers. */
export type OutboxGroup =
  | { kind: 'broadcast'; broadcastId: string }
  | { kind: 'reminders' | 'notices' | 'alerts'; opportunityId: string }
  | { kind: 'tests' | 'coordinators'; accountId: string }
  /** Answers to questions, per organisation; `all` for questions not tied to one. */
  | { kind: 'answers'; organisationId: string };

const GROUP_KINDS = ['broadcast', 'reminders', 'notices', 'alerts', 'tests', 'coordinators', 'answers'] as const;

export const outboxGroup = {
  broadcast: (broadcastId: string) => `broadcast:${broadcastId}`,
  reminders: (opportunityId: string) => `reminders:${opportunityId}`,
  notices: (opportunityId: string) => `notices:${opportunityId}`,
  alerts: (opportunityId: string) => `alerts:${opportunityId}`,
  tests: (accountId: string) => `tests:${accountId}`,
  coordinators: (accountId: string) => `coordinators:${accountId}`,
  answers: (organisationId: string | undefined) => `answers:${organisationId ?? 'all'}`,
};

/** The group a string names, or undefined for anything else. */
export function parseOutboxGroup(group: string): OutboxGroup | undefined {
  const colon = group.indexOf(':');
  const kind = GROUP_KINDS.find((candidate) => candidate === group.slice(0, colon));
  const id = group.slice(colon + 1);
  if (colon < 0 || !kind || !id) return undefined;
  switch (kind) {
    case 'broadcast':
      return { kind, broadcastId: id };
    case 'reminders':
    case 'notices':
    case 'alerts':
      return { kind, opportunityId: id };
    case 'tests':
    case 'coordinators':
      return { kind, accountId: id };
    case 'answers':
      return { kind, organisationId: id };
  }
}

export const outboxKey = {
  broadcast: (broadcastId: string, contactId: string) => `broadcast:${broadcastId}:${contactId}`,
  /** A test send is never deduplicated: each has a fresh id. */
  broadcastTest: (id: string) => `test:${id}`,
  coordinatorAlert: (accountId: string, eventId: string) => `coordinator:${accountId}:${eventId}`,
  answer: (questionId: string) => `answer:${questionId}`,
  /** One per sign-up, offset and start time: a moved meeting is reminded again. */
  reminder: (signupId: string, offsetMinutes: number, startsAt: string) =>
    `reminder:${signupId}:${offsetMinutes}:${startsAt}`,
  followUp: (signupId: string, startsAt: string) => `followup:${signupId}:${startsAt}`,
  offer: (signupId: string, expiresAt: string) => `offer:${signupId}:${expiresAt}`,
  offerExpired: (signupId: string, since: string) => `offer-expired:${signupId}:${since}`,
  alert: (opportunityId: string, contactId: string) => `alert:${opportunityId}:${contactId}`,
  /** Told once per version of the opportunity: a second change is told again. */
  changed: (signupId: string, version: string) => `changed:${version}:${signupId}`,
  cancelled: (signupId: string) => `cancelled:${signupId}`,
  /** At most one thank-you a day per sharer (their local day). */
  sharerThanks: (sharerId: string, day: string) => `thanks:${sharerId}:${day}`,
};

/** What a delivered entry's `reached` metric names as having carried it: its group. */
export const reachSource = (entry: { group: string }): string => entry.group;
