/**
 * The port interfaces: everything the engine, channels and admin need from storage.
 * Each has an embedded implementation (default) and a MongoDB one; `test/contract/` holds both to
 * the same behaviour. Methods that must be atomic say so: implementations may not read then write.
 */
import type {
  ChannelIdentity,
  Contact,
  Feedback,
  Opportunity,
  OpportunityKind,
  OpportunityStatus,
  Organisation,
  Question,
  Signup,
  Subscription,
} from './model';
import type { Account, AdminSession, Broadcast } from './admin';
import type { ChannelStateRepository } from './channel-state';
import type { MailboxRepository, OutboxRepository } from './delivery-ports';
import type { InboxRepository, MetricRepository, SettingRepository } from './log-ports';

export type { ChannelStateEntry, ChannelStateRepository } from './channel-state';
export type { ClaimRequest, MailboxItem, MailboxRepository, OutboxRepository } from './delivery-ports';
export type { InboxEntry, InboxRepository, MetricFilter, MetricRepository, SettingRepository } from './log-ports';

export interface Page<T> {
  items: T[];
  total: number;
}

/** A window on a list, in the list's order: `offset` records skipped, at most `limit` returned. */
export interface ListWindow {
  limit?: number;
  offset?: number;
}

export interface OpportunityQuery {
  /** Defaults to `published`. */
  status?: OpportunityStatus;
  organisationId?: string;
  kind?: OpportunityKind;
  region?: string;
  /** Only opportunities that can be done remotely. */
  remote?: boolean;
  theme?: string;
  /** Free text, matched accent- and case-insensitively against titles, summaries, themes and places. */
  text?: string;
  /** Leaves out opportunities that ended (or, undated end, started) before this instant. */
  notEndedBefore?: string;
  /** Only dated opportunities starting at or after `startsFrom` and before `startsBefore` (reminders). */
  startsFrom?: string;
  startsBefore?: string;
  offset?: number;
  limit?: number;
}

export interface OpportunityRepository {
  get(id: string): Promise<Opportunity | undefined>;
  /** Inserts or replaces the whole record. */
  save(opportunity: Opportunity): Promise<void>;
  /** Dated opportunities soonest first, then ongoing ones; by relevance when `text` is given. */
  search(query: OpportunityQuery): Promise<Page<Opportunity>>;
  /** The distinct regions or themes among the opportunities the query matches, sorted. */
  distinct(field: 'region' | 'themes', query: OpportunityQuery): Promise<string[]>;
}

export interface OrganisationRepository {
  get(id: string): Promise<Organisation | undefined>;
  save(organisation: Organisation): Promise<void>;
  list(): Promise<Organisation[]>;
}

export type ContactPatch = Partial<Omit<Contact, 'id' | 'createdAt'>>;

export interface ContactRepository {
  get(id: string): Promise<Contact | undefined>;
  findByIdentity(identity: ChannelIdentity): Promise<Contact | undefined>;
  /** Atomic: two first messages at the same instant give one contact. */
  findOrCreate(identity: ChannelIdentity, create: () => Contact): Promise<{ contact: Contact; created: boolean }>;
  update(id: string, patch: ContactPatch): Promise<Contact | undefined>;
  count(): Promise<number>;
  /** Every contact, a batch at a time (broadcast audiences go through them without holding them all). */
  batches(size: number): AsyncIterable<Contact[]>;
}

export type SignupOutcome = 'confirmed' | 'waitlisted' | 'full' | 'already_confirmed' | 'already_waitlisted';

export type OfferAnswer = 'confirmed' | 'declined' | 'expired' | 'not_offered';

export interface SignupRequest {
  /** Used when a new record is created. */
  id: string;
  contactId: string;
  opportunityId: string;
  channel: Signup['channel'];
  firstName?: string;
  ageBracket?: Signup['ageBracket'];
  parentConsent?: Signup['parentConsent'];
  /** Places available; unlimited when absent. */
  capacity?: number;
  /** When full: join the waiting list (true) or only report `full` (false). */
  joinWaitlist: boolean;
  now: string;
}

export interface SignupRepository {
  /** Atomic against capacity: fifty concurrent requests for ten places confirm exactly ten. */
  request(request: SignupRequest): Promise<{ outcome: SignupOutcome; signup?: Signup }>;
  /** Returns the cancelled sign-up, or undefined when there was nothing active to cancel. */
  cancel(id: string, now: string): Promise<Signup | undefined>;
  get(id: string): Promise<Signup | undefined>;
  /** Erasure: cancels the contact's active sign-ups (freeing places) and removes the names they gave. */
  forgetContact(contactId: string, now: string): Promise<void>;
  listByContact(contactId: string): Promise<Signup[]>;
  listByOpportunity(opportunityId: string, window?: ListWindow): Promise<Signup[]>;
  /** Places taken: confirmed sign-ups and places offered but not answered yet. */
  countConfirmed(opportunityId: string): Promise<number>;
  /**
   * Atomic: when a place is free, the first person on the waiting list is offered it until
   * `expiresAt` (the place is held for them meanwhile). Returns that sign-up, or undefined.
   */
  offerNext(
    opportunityId: string,
    capacity: number | undefined,
    expiresAt: string,
    now: string,
  ): Promise<Signup | undefined>;
  /** Taking the offered place before the deadline confirms it; declining frees it. */
  answerOffer(id: string, accept: boolean, now: string): Promise<{ answer: OfferAnswer; signup?: Signup }>;
  /** Offers past their deadline are withdrawn (sign-up cancelled, place freed). Returns them. */
  expireOffers(now: string): Promise<Signup[]>;
  /** Whether the person came (and, when they say, how it went). */
  setAttendance(
    id: string,
    attended: boolean,
    feedback: Feedback | undefined,
    now: string,
  ): Promise<Signup | undefined>;
}

export interface SubscriptionRepository {
  /** Returns the existing subscription when the contact already has one with the same criteria. */
  add(subscription: Subscription): Promise<Subscription>;
  remove(id: string, contactId: string): Promise<boolean>;
  removeAllForContact(contactId: string): Promise<number>;
  listByContact(contactId: string): Promise<Subscription[]>;
  /** Every subscription, a batch at a time (alerts go through them without holding them all). */
  batches(size: number): AsyncIterable<Subscription[]>;
}

export interface StoredSession {
  state: unknown;
  /** Incremented by every save; a save with a stale version is refused. */
  version: number;
}

export interface SessionRepository {
  load(contactId: string): Promise<StoredSession | undefined>;
  /** Atomic compare-and-set: false when someone else saved since `expectedVersion` (0 for new). */
  save(contactId: string, state: unknown, expectedVersion: number): Promise<boolean>;
  remove(contactId: string): Promise<void>;
}

export interface QuestionRepository {
  add(question: Question): Promise<void>;
  get(id: string): Promise<Question | undefined>;
  /** Newest first; with `organisationId`, that association's only (not those asked of the network). */
  list(filter: { status?: Question['status']; organisationId?: string }, window?: ListWindow): Promise<Question[]>;
  /** Atomic: only an open question becomes answered; returns it, or undefined. */
  answer(id: string, answer: { text: string; by: string; at: string }): Promise<Question | undefined>;
  listByContact(contactId: string): Promise<Question[]>;
  removeAllForContact(contactId: string): Promise<number>;
}

export interface AccountRepository {
  get(id: string): Promise<Account | undefined>;
  findByEmail(email: string): Promise<Account | undefined>;
  findByTokenHash(hash: string): Promise<Account | undefined>;
  /** Refuses (false) a second account with the same e-mail. */
  create(account: Account): Promise<boolean>;
  update(id: string, patch: Partial<Omit<Account, 'id' | 'email' | 'createdAt'>>): Promise<Account | undefined>;
  list(organisationId?: string): Promise<Account[]>;
  count(): Promise<number>;
}

export interface AdminSessionRepository {
  create(session: AdminSession): Promise<void>;
  get(id: string): Promise<AdminSession | undefined>;
  remove(id: string): Promise<void>;
  /** Signs an account out everywhere (a new password, a disabled account); how many sessions ended. */
  removeForAccount(accountId: string): Promise<number>;
  /** Deletes sessions past their expiry; how many. */
  purgeExpired(now: string): Promise<number>;
}

/** A picture or video a coordinator uploaded, served at `/media/<id>`. */
export interface MediaFile {
  id: string;
  organisationId: string;
  /** `image/jpeg` (every picture is re-encoded to it) or `video/mp4`. */
  contentType: 'image/jpeg' | 'video/mp4';
  /** The name it had on the coordinator's computer, to find it again in the list. */
  name: string;
  size: number;
  createdAt: string;
}

export interface MediaRepository {
  save(file: MediaFile, bytes: Uint8Array): Promise<void>;
  get(id: string): Promise<{ file: MediaFile; bytes: Uint8Array } | undefined>;
  /** An association's files, newest first, without their bytes. */
  list(organisationId: string): Promise<MediaFile[]>;
}

export interface BroadcastRepository {
  get(id: string): Promise<Broadcast | undefined>;
  save(broadcast: Broadcast): Promise<void>;
  /** Atomic: stores a new broadcast; false, changing nothing, when its id is already taken. */
  insert(broadcast: Broadcast): Promise<boolean>;
  /** Newest first. */
  list(organisationId?: string): Promise<Broadcast[]>;
  /** Atomic: moves a scheduled broadcast due by `now` to `sending`; true for the one caller that did. */
  startIfDue(id: string, now: string): Promise<boolean>;
  /**
   * Atomic: replaces the broadcast only while the stored one is still scheduled (an edit, a new
   * time, a cancellation); false once the scheduler has started it, so an edit never races a send.
   */
  replaceIfScheduled(broadcast: Broadcast): Promise<boolean>;
  dueScheduled(now: string): Promise<Broadcast[]>;
  /** Broadcasts left sending with their audience not all queued, untouched since `before`. */
  stalledSending(before: string): Promise<Broadcast[]>;
}

/** One-time tokens that join another channel to a contact (`/start link_<token>`, `/chat?link=<token>`). */
export interface LinkTokenRepository {
  create(token: string, contactId: string, expiresAt: string): Promise<void>;
  /** Atomic and once only: the contact the token was made for, or undefined (unknown, used, expired). */
  consume(token: string, now: string): Promise<string | undefined>;
  /** Deletes tokens past their expiry, never used; how many. */
  purgeExpired(now: string): Promise<number>;
}

export interface StoreHealth {
  ok: boolean;
  kind: 'embedded' | 'mongo';
  detail?: string;
}

export interface Store {
  organisations: OrganisationRepository;
  opportunities: OpportunityRepository;
  contacts: ContactRepository;
  signups: SignupRepository;
  subscriptions: SubscriptionRepository;
  sessions: SessionRepository;
  questions: QuestionRepository;
  inbox: InboxRepository;
  channelState: ChannelStateRepository;
  metrics: MetricRepository;
  outbox: OutboxRepository;
  mailbox: MailboxRepository;
  linkTokens: LinkTokenRepository;
  accounts: AccountRepository;
  adminSessions: AdminSessionRepository;
  broadcasts: BroadcastRepository;
  media: MediaRepository;
  settings: SettingRepository;
  health(): Promise<StoreHealth>;
  /** After an erasure: removes what the store keeps of deleted records outside them (a write-ahead log). */
  afterErasure(): Promise<void>;
  close(): Promise<void>;
}
