/** Broadcasts as coordinators write them: created (now or later), cancelled, tried on their own Telegram. */
import { createHash } from 'node:crypto';
import type { Broadcast } from '../../domain/admin';
import type { OutboundMessage } from '../../domain/messages';
import { LOCALES, type ChannelName, type Contact, type Locale } from '../../domain/model';
import type { NoticeComposer } from '../../domain/notices';
import type { NewOutboxEntry } from '../../domain/outbox';
import { outboxGroup, outboxKey } from '../../domain/outbox-keys';
import type { Store } from '../../domain/ports';
import { ConflictError, invalid, InvalidError, NotFoundError } from '../errors';
import { broadcastInput, broadcastTestInput, parseInput, type BroadcastInput } from '../inputs';
import { canSee, organisationFor, scopeOf, type Principal } from '../principal';
import { reachOf } from './audience';
import type { BroadcastQueue } from './broadcast-queue';
import type { Opportunities } from './opportunities';

export interface BroadcastsDeps {
  store: Pick<Store, 'broadcasts' | 'outbox' | 'accounts' | 'contacts' | 'organisations'>;
  queue: Pick<BroadcastQueue, 'startIfDue'>;
  opportunities: Pick<Opportunities, 'get'>;
  notices: Pick<NoticeComposer, 'broadcast'>;
  enqueue: (entries: NewOutboxEntry[]) => Promise<void>;
  newId: () => string;
  clock: () => Date;
}

/** Where the test went: the chat the coordinator linked (Telegram or their own web chat), or nowhere yet. */
export type TestResult = { sent: ChannelName } | 'no_chat';

/** The id a review page drew for the broadcast it confirms (see `create`). */
const SUBMISSION_ID = /^[0-9A-Za-z]{16}$/;
const ID_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** What an API client may send as `Idempotency-Key`: a UUID, a hash, any short visible text. */
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/**
 * The broadcast id an API client's `Idempotency-Key` stands for: the same key from the same account
 * names the same broadcast, so a request retried after a lost answer makes it once. Derived with
 * the account, so nobody can aim a key at another account's broadcast.
 */
export function submissionFor(principal: Principal, key: string | undefined): string | undefined {
  if (key === undefined) return undefined;
  if (!IDEMPOTENCY_KEY.test(key)) {
    throw invalid('Idempotency-Key', 'invalid', 'must be 1 to 255 visible ASCII characters');
  }
  const digest = createHash('sha256').update(`${principal.accountId}\n${key}`).digest();
  return Array.from(digest.subarray(0, 16), (byte) => ID_ALPHABET[byte % ID_ALPHABET.length]).join('');
}

/** Who a preview is written for: nobody in particular, in each language. */
function previewReader(locale: Locale, now: string): Contact {
  return { id: 'preview', identities: [], locale, interests: [], status: 'active', createdAt: now, updatedAt: now };
}

export class Broadcasts {
  constructor(private readonly deps: BroadcastsDeps) {}

  /**
   * A new broadcast. `submission` is the id its review page drew: the same form sent twice (a double
   * click, a browser resending it) makes one broadcast, so nobody receives the message twice.
   */
  async create(principal: Principal, body: unknown, submission?: string): Promise<Broadcast> {
    const input = parseInput(broadcastInput, body);
    const organisationId = organisationFor(principal, input.organisationId);
    const now = this.deps.clock().toISOString();
    const broadcast: Broadcast = {
      id: submission !== undefined && SUBMISSION_ID.test(submission) ? submission : this.deps.newId(),
      organisationId,
      ...(await this.content(principal, organisationId, input)),
      reach: reachOf(principal),
      status: 'scheduled',
      createdBy: principal.accountId,
      createdAt: now,
      updatedAt: now,
    };
    if (!(await this.deps.store.broadcasts.insert(broadcast))) {
      const first = (await this.deps.store.broadcasts.get(broadcast.id))!;
      // Sent again by its author: the broadcast the first sending made. Anyone else's id is not theirs.
      if (first.createdBy === principal.accountId && first.organisationId === organisationId) return first;
      return this.create(principal, body);
    }
    await this.deps.queue.startIfDue(broadcast.id);
    return (await this.deps.store.broadcasts.get(broadcast.id))!;
  }

  /**
   * New words, card, media, audience or time for a broadcast that has not started; its association
   * stays. Refused once the scheduler has started it, even if that happened a moment ago.
   */
  async update(principal: Principal, id: string, body: unknown): Promise<Broadcast> {
    const current = await this.get(principal, id);
    const input = parseInput(broadcastInput, body);
    const { organisationId, status, createdBy, createdAt, reach } = current;
    const updated: Broadcast = {
      id,
      organisationId,
      ...(reach ? { reach } : {}),
      status,
      createdBy,
      createdAt,
      ...(await this.content(principal, organisationId, input)),
      updatedAt: this.deps.clock().toISOString(),
    };
    if (current.status !== 'scheduled' || !(await this.deps.store.broadcasts.replaceIfScheduled(updated)))
      throw new ConflictError('this broadcast has started or was cancelled: it can no longer be changed');
    await this.deps.queue.startIfDue(id);
    return (await this.deps.store.broadcasts.get(id))!;
  }

  /** What a coordinator writes of a broadcast, checked: the card must be one of the association's own. */
  private async content(principal: Principal, organisationId: string, input: BroadcastInput) {
    if (input.opportunityId) {
      const opportunity = await this.deps.opportunities.get(principal, input.opportunityId);
      if (opportunity.organisationId !== organisationId) throw new NotFoundError('opportunity');
    }
    return {
      text: input.text.fr,
      ...(input.text.en ? { textEn: input.text.en } : {}),
      ...(input.opportunityId ? { opportunityId: input.opportunityId } : {}),
      ...(input.mediaUrl ? { mediaUrl: input.mediaUrl } : {}),
      audience: input.audience,
      sendAt: input.sendAt ?? this.deps.clock().toISOString(),
    };
  }

  /** Whether a broadcast's fields would be accepted, without creating it: the refusal, or undefined. */
  check(body: unknown): InvalidError | undefined {
    try {
      parseInput(broadcastInput, body);
      return undefined;
    } catch (error) {
      if (error instanceof InvalidError) return error;
      throw error;
    }
  }

  async get(principal: Principal, id: string): Promise<Broadcast> {
    const broadcast = await this.deps.store.broadcasts.get(id);
    if (!broadcast || !canSee(principal, broadcast.organisationId)) throw new NotFoundError('broadcast');
    return broadcast;
  }

  async list(principal: Principal): Promise<Broadcast[]> {
    return this.deps.store.broadcasts.list(scopeOf(principal));
  }

  /** Stops what was not sent yet; a sent or cancelled broadcast stays as it is. */
  async cancel(principal: Principal, id: string): Promise<Broadcast> {
    const broadcast = await this.get(principal, id);
    if (broadcast.status === 'sent' || broadcast.status === 'cancelled') return broadcast;
    const now = this.deps.clock().toISOString();
    const cancelled: Broadcast = { ...broadcast, status: 'cancelled', updatedAt: now };
    // A scheduled one is cancelled only if the scheduler has not started it meanwhile.
    if (broadcast.status === 'scheduled' && !(await this.deps.store.broadcasts.replaceIfScheduled(cancelled)))
      return this.cancel(principal, id);
    if (broadcast.status === 'sending') await this.deps.store.broadcasts.save(cancelled);
    await this.deps.store.outbox.cancelPending(outboxGroup.broadcast(id), 'cancelled', now);
    return cancelled;
  }

  /** The messages as people will receive them, in each language (what the review page shows). */
  async preview(principal: Principal, body: unknown): Promise<Record<Locale, OutboundMessage[]>> {
    const compose = await this.testContent(principal, body);
    const now = this.deps.clock().toISOString();
    return Object.fromEntries(
      LOCALES.map((locale) => [locale, this.deps.notices.broadcast(previewReader(locale, now), compose)]),
    ) as Record<Locale, OutboundMessage[]>;
  }

  /** The broadcast as it will look, sent to the chat the coordinator linked (Telegram or web chat). */
  async sendTest(principal: Principal, body: unknown): Promise<TestResult> {
    const { store } = this.deps;
    const to = (await store.accounts.get(principal.accountId))?.alertsTo;
    const contact = to ? await store.contacts.findByIdentity(to) : undefined;
    if (!to || !contact) return 'no_chat';
    const messages = this.deps.notices.broadcast(contact, await this.testContent(principal, body));
    const id = this.deps.newId();
    await this.deps.enqueue([
      {
        id,
        key: outboxKey.broadcastTest(id),
        group: outboxGroup.tests(principal.accountId),
        purpose: 'answer',
        contactId: contact.id,
        ...to,
        messages,
        notBefore: this.deps.clock(),
        now: this.deps.clock(),
      },
    ]);
    return { sent: to.channel };
  }

  private async testContent(principal: Principal, body: unknown) {
    const input = parseInput(broadcastTestInput, body);
    const opportunity = input.opportunityId
      ? await this.deps.opportunities.get(principal, input.opportunityId)
      : undefined;
    const chosen = principal.role === 'admin' ? input.organisationId : principal.organisationId;
    const organisationId = opportunity?.organisationId ?? chosen;
    const organisation = organisationId ? await this.deps.store.organisations.get(organisationId) : undefined;
    return {
      text: input.text.fr,
      ...(input.text.en ? { textEn: input.text.en } : {}),
      ...(input.mediaUrl ? { mediaUrl: input.mediaUrl } : {}),
      ...(opportunity ? { opportunity } : {}),
      organisationName: organisation?.name ?? '',
    };
  }
}
