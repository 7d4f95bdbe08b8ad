/** The records every port stores. Field names are part of the admin API's JSON: keep them stable. */

export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'fr';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Text written by coordinators, one entry per language; French is expected, others optional. */
export type LocalisedText = Partial<Record<Locale, string>>;

export const CHANNELS = ['telegram', 'messenger', 'web'] as const;
export type ChannelName = (typeof CHANNELS)[number];

export const OPPORTUNITY_KINDS = ['volunteering', 'placement', 'school_intervention', 'meeting'] as const;
export type OpportunityKind = (typeof OPPORTUNITY_KINDS)[number];

export const OPPORTUNITY_STATUSES = ['draft', 'published', 'archived'] as const;
export type OpportunityStatus = (typeof OPPORTUNITY_STATUSES)[number];

export function isOpportunityStatus(value: unknown): value is OpportunityStatus {
  return typeof value === 'string' && (OPPORTUNITY_STATUSES as readonly string[]).includes(value);
}

/** What a sign-up may ask beyond the channel identity; data minimisation keeps it short. */
export const SIGNUP_FIELDS = ['firstName'] as const;
export type SignupField = (typeof SIGNUP_FIELDS)[number];

export interface Organisation {
  id: string;
  name: string;
  description?: LocalisedText;
  website?: string;
  /** Where a published opportunity is also posted: the association's Telegram channel and Facebook Page. */
  publishTo?: { telegramChannel?: string; facebookPageId?: string; facebookPageToken?: string };
  /** Set when an administrator removed it: it is no longer listed, and its name is free again. */
  removedAt?: string;
  createdAt: string;
}

export interface Opportunity {
  id: string;
  organisationId: string;
  kind: OpportunityKind;
  title: LocalisedText;
  summary: LocalisedText;
  description: LocalisedText;
  themes: string[];
  region: string;
  city?: string;
  address?: string;
  remote: boolean;
  startsAt?: string;
  endsAt?: string;
  capacity?: number;
  minAge?: number;
  mediaUrl?: string;
  status: OpportunityStatus;
  /** Fields the sign-up asks for; the first name only when absent. */
  signupFields?: SignupField[];
  /** The last time it was posted on the association's Telegram channel and Facebook Page, and how it went. */
  announcement?: Announcement;
  createdAt: string;
  updatedAt: string;
}

export interface Announcement {
  at: string;
  /** One per space the association set; `error` says why a post failed, in the platform's words. */
  results: Array<{ channel: ChannelName; ok: boolean; error?: string }>;
}

export const AGE_BRACKETS = ['under15', '15to17', '18to25', 'over25'] as const;
export type AgeBracket = (typeof AGE_BRACKETS)[number];

export const CONTACT_STATUSES = ['active', 'stopped', 'unreachable', 'erased'] as const;
export type ContactStatus = (typeof CONTACT_STATUSES)[number];

export interface ChannelIdentity {
  channel: ChannelName;
  /** The platform's id for this person (Telegram chat id, Messenger PSID, web browser id). */
  externalId: string;
}

export interface Contact {
  id: string;
  identities: ChannelIdentity[];
  locale: Locale;
  firstName?: string;
  region?: string;
  interests: string[];
  /** Associations the person chose to follow: their broadcasts reach them. */
  follows?: string[];
  consentAt?: string;
  ageBracket?: AgeBracket;
  status: ContactStatus;
  /** Messenger's 24-hour window is measured from this instant. */
  lastInboundAt?: string;
  lastInboundChannel?: ChannelName;
  createdAt: string;
  updatedAt: string;
}

/** `offered`: a place freed up and this person, first on the waiting list, may take it until `offerExpiresAt`. */
export const SIGNUP_STATUSES = ['confirmed', 'waitlisted', 'offered', 'cancelled'] as const;
export type SignupStatus = (typeof SIGNUP_STATUSES)[number];

export interface Signup {
  id: string;
  contactId: string;
  opportunityId: string;
  status: SignupStatus;
  channel: ChannelName;
  firstName?: string;
  /** The person's age bracket when they signed up: coordinators see it on the list. */
  ageBracket?: AgeBracket;
  /** Under 15: when and on which channel the person said a parent agreed. */
  parentConsent?: ParentConsent;
  offerExpiresAt?: string;
  /** Told by the person after the meeting, or marked by a coordinator. */
  attended?: boolean;
  feedback?: Feedback;
  createdAt: string;
  updatedAt: string;
}

export interface ParentConsent {
  at: string;
  channel: ChannelName;
}

export const FEEDBACKS = ['great', 'ok', 'bad'] as const;
export type Feedback = (typeof FEEDBACKS)[number];

export interface SubscriptionCriteria {
  region?: string;
  /** Only opportunities that can be done remotely. */
  remote?: boolean;
  theme?: string;
  kind?: OpportunityKind;
}

export interface Subscription {
  id: string;
  contactId: string;
  criteria: SubscriptionCriteria;
  createdAt: string;
}

export interface Question {
  id: string;
  contactId: string;
  channel: ChannelName;
  text: string;
  status: 'open' | 'answered';
  /** Asked about one of this organisation's opportunities; unassigned questions are everyone's. */
  organisationId?: string;
  answer?: { text: string; by: string; at: string };
  createdAt: string;
}

/** Measurement events; the coordinators' statistics are computed from these. */
/** `reached`: an alert or a broadcast about the opportunity was delivered to the person. */
export const METRIC_TYPES = [
  'reached',
  'details_opened',
  'share_link_created',
  'share_arrival',
  'page_view',
  'signup',
  'signup_cancelled',
] as const;
export type MetricType = (typeof METRIC_TYPES)[number];

export interface MetricEvent {
  id: string;
  type: MetricType;
  opportunityId: string;
  contactId?: string;
  channel: ChannelName;
  /**
   * Who shared the link that brought the person (arrivals, page views), or whose link a sign-up is
   * attributed to; only ever from a verified reference.
   */
  sharedBy?: string;
  /** Where that link was shared from (the sharer's channel, as the reference says). */
  sharedOn?: ChannelName;
  /** For `reached`: what carried it (`alerts:<opportunity>`, `broadcast:<id>`). */
  source?: string;
  at: string;
}

/** The text in the wanted language, else French, else whatever there is. */
export function localise(text: LocalisedText | undefined, locale: Locale): string {
  if (!text) return '';
  return text[locale] ?? text[DEFAULT_LOCALE] ?? Object.values(text).find((value) => value !== undefined) ?? '';
}

export function isOpportunityKind(value: unknown): value is OpportunityKind {
  return typeof value === 'string' && (OPPORTUNITY_KINDS as readonly string[]).includes(value);
}
