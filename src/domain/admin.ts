/** Coordinators, their sessions and broadcasts: what the dashboard and the admin API work on. */
import type { ChannelIdentity, ChannelName, Contact, Locale, OpportunityKind, Subscription } from './model';

export const ROLES = ['admin', 'coordinator'] as const;
export type Role = (typeof ROLES)[number];

export interface Account {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** A coordinator's organisation; administrators have none and see everything. */
  organisationId?: string;
  /** `scrypt$N$r$p$salt$hash`, never the password. */
  passwordHash: string;
  /** SHA-256 of the account's API token (the token itself is shown once). */
  apiTokenHash?: string;
  /** Where new sign-ups and questions reach the coordinator, once they linked a chat (Telegram). */
  alertsTo?: ChannelIdentity;
  locale: Locale;
  /** Set when the account's association was removed: it can no longer sign in or use its token. */
  disabledAt?: string;
  createdAt: string;
}

export interface AdminSession {
  id: string;
  accountId: string;
  /** The CSRF token every form of this session carries. */
  csrf: string;
  expiresAt: string;
}

/** Who a broadcast goes to; every field given must hold. */
export interface Audience {
  region?: string;
  theme?: string;
  kind?: OpportunityKind;
  locale?: Locale;
  channel?: ChannelName;
  /** Whether the person ever signed up for one of the organisation's opportunities. */
  history?: 'signed_up' | 'never';
}

export const BROADCAST_STATUSES = ['scheduled', 'sending', 'sent', 'cancelled'] as const;
export type BroadcastStatus = (typeof BROADCAST_STATUSES)[number];

/** A channel's figures for a broadcast, kept on it once sent so they outlive the outbox's entries. */
export interface ChannelReport {
  sent: number;
  /** Null where the platform does not say (Telegram, the web chat). */
  delivered: number | null;
  read: number | null;
  skipped: Record<string, number>;
  failed: number;
  pending: number;
}

export interface BroadcastResults {
  channels: Record<ChannelName, ChannelReport>;
  progress: { total: number; done: number; open: number };
}

export interface Broadcast {
  id: string;
  organisationId: string;
  /** In French: what everyone reads unless there is English and they speak it. */
  text: string;
  /** In English, for people whose language is English; optional. */
  textEn?: string;
  opportunityId?: string;
  mediaUrl?: string;
  audience: Audience;
  /**
   * Who it may reach before the filters: the people related to the association (a coordinator's
   * broadcast; also when absent), or everyone who accepted the network's messages (an administrator's).
   */
  reach?: BroadcastReach;
  status: BroadcastStatus;
  /** When it goes (now, or later when scheduled). */
  sendAt: string;
  /** How many entries were queued (known once queued). */
  queued?: number;
  /** The last figures seen once it was sent (its outbox entries are purged after a while). */
  results?: BroadcastResults;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
}

export type BroadcastReach = 'association' | 'network';

/** A person is related to an association for a year after a sign-up with it. */
export const RELATED_FOR_MS = 365 * 24 * 3600_000;

/** Whether the person is related to the association: they follow it, or signed up with it lately. */
export function isRelated(contact: Contact, organisationId: string, recentSignups: ReadonlySet<string>): boolean {
  return recentSignups.has(contact.id) || (contact.follows ?? []).includes(organisationId);
}

export interface AudienceFacts {
  contact: Contact;
  subscriptions: Subscription[];
  /** Opportunity ids the person signed up for (not cancelled). */
  signedUpTo: string[];
}

/** Whether a person is in the audience: their profile, their alerts, their sign-ups with the organisation. */
export function inAudience(
  audience: Audience,
  facts: AudienceFacts,
  organisationOpportunities: ReadonlySet<string>,
): boolean {
  const { contact, subscriptions } = facts;
  if (audience.locale !== undefined && contact.locale !== audience.locale) return false;
  if (audience.channel !== undefined && !contact.identities.some((identity) => identity.channel === audience.channel))
    return false;
  if (
    audience.region !== undefined &&
    contact.region !== audience.region &&
    !subscriptions.some((s) => s.criteria.region === audience.region)
  )
    return false;
  if (
    audience.theme !== undefined &&
    !contact.interests.includes(audience.theme) &&
    !subscriptions.some((s) => s.criteria.theme === audience.theme)
  )
    return false;
  if (audience.kind !== undefined && !subscriptions.some((s) => s.criteria.kind === audience.kind)) return false;
  if (audience.history !== undefined) {
    const signedUp = facts.signedUpTo.some((id) => organisationOpportunities.has(id));
    if ((audience.history === 'signed_up') !== signedUp) return false;
  }
  return true;
}
