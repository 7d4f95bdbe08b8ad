/**
 * Records ↔ documents, and the filters the repositories send. Pure functions, so they are tested
 * without a server. Every value that came from a person is placed in a filter as a value, never as
 * an object: nothing anyone types can become a query operator.
 */
import type { ChannelIdentity, Contact, Opportunity, SubscriptionCriteria } from '../../domain/model';
import type { OutboxOutcome, OutboxPriority } from '../../domain/outbox';
import { searchableText } from '../../domain/opportunity-search';
import type { ListWindow, OpportunityQuery } from '../../domain/ports';
import { searchTerms } from '../../domain/text';

/** Undated roles sort after every dated one. */
export const UNDATED = new Date('9999-12-31T00:00:00.000Z');

type Document = Record<string, unknown> & { _id: string };

/** A query value must be a plain string: an object here would be an operator in disguise. */
export function plain(value: unknown): string {
  if (typeof value !== 'string') throw new TypeError(`Expected a string in a query, got ${typeof value}`);
  return value;
}

export const identityKey = (identity: ChannelIdentity): string => `${identity.channel}:${identity.externalId}`;

/** The unique identity keys of a contact; one without identities (erased) keeps a key of its own. */
export function identityKeys(contactId: string, identities: ChannelIdentity[]): string[] {
  return identities.length > 0 ? identities.map(identityKey) : [`none:${contactId}`];
}

export function criteriaKey(criteria: SubscriptionCriteria): string {
  return [criteria.region ?? '', criteria.remote ? 'remote' : '', criteria.theme ?? '', criteria.kind ?? ''].join('|');
}

export function opportunityToDocument(opportunity: Opportunity): Document {
  const { id, ...fields } = opportunity;
  const end = opportunity.endsAt ?? opportunity.startsAt;
  return {
    _id: id,
    ...fields,
    endKey: end === undefined ? null : new Date(end),
    sortStart: opportunity.startsAt === undefined ? UNDATED : new Date(opportunity.startsAt),
    searchText: searchableText(opportunity),
  };
}

export function contactToDocument(contact: Contact): Document {
  const { id, ...fields } = contact;
  return { _id: id, ...fields, identityKeys: identityKeys(id, contact.identities) };
}

const DERIVED = ['endKey', 'sortStart', 'searchText', 'identityKeys', 'criteriaKey'];

/** A lean document back to its record: `_id` → `id`, derived query keys dropped. */
export function toRecord<T>(document: Record<string, unknown> | null | undefined): T | undefined {
  if (!document) return undefined;
  const { _id, ...fields } = document;
  for (const key of DERIVED) delete fields[key];
  return { id: _id, ...fields } as T;
}

/** The structured part of an opportunity query (everything but free text and paging). */
export function opportunityFilter(query: OpportunityQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = { status: plain(query.status ?? 'published') };
  if (query.organisationId !== undefined) filter.organisationId = plain(query.organisationId);
  if (query.kind !== undefined) filter.kind = plain(query.kind);
  if (query.region !== undefined) filter.region = plain(query.region);
  if (query.remote === true) filter.remote = true;
  if (query.theme !== undefined) filter.themes = plain(query.theme);
  if (query.notEndedBefore !== undefined)
    filter.$or = [{ endKey: null }, { endKey: { $gte: new Date(plain(query.notEndedBefore)) } }];
  if (query.startsFrom !== undefined || query.startsBefore !== undefined) {
    // Undated roles sort at UNDATED: an upper bound below it leaves them out.
    filter.sortStart = {
      ...(query.startsFrom !== undefined ? { $gte: new Date(plain(query.startsFrom)) } : {}),
      $lt: query.startsBefore !== undefined ? new Date(plain(query.startsBefore)) : UNDATED,
    };
  }
  return filter;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Candidates for a free-text query: any of its words found inside the folded text, as the shared
 * rule matches ("jardin" in "jardinage"); ranking happens after. Not `$text`, which matches whole
 * words only and which FerretDB lacks.
 */
export function textFilter(query: OpportunityQuery): Record<string, unknown> | undefined {
  const terms = query.text === undefined ? [] : searchTerms(query.text);
  if (terms.length === 0) return undefined;
  const { $or: notEnded, ...structured } = opportunityFilter(query);
  const anyTerm = terms.map((term) => ({ searchText: { $regex: escapeRegExp(term) } }));
  return notEnded === undefined
    ? { ...structured, $or: anyTerm }
    : { ...structured, $and: [{ $or: notEnded }, { $or: anyTerm }] };
}

/** A contact patch as an update: given values set, values given as undefined removed. */
export function contactUpdate(id: string, patch: Partial<Contact>): Record<string, unknown> {
  const set: Record<string, unknown> = {};
  const unset: Record<string, ''> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'id' || key === 'createdAt') continue;
    if (value === undefined) unset[key] = '';
    else set[key] = value;
  }
  if (patch.identities) set.identityKeys = identityKeys(id, patch.identities);
  return {
    ...(Object.keys(set).length > 0 ? { $set: set } : {}),
    ...(Object.keys(unset).length > 0 ? { $unset: unset } : {}),
  };
}

export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: number }).code === 11000;
}

/** What settling an entry sets: the same record `settledEntry` gives the embedded store. */
export function settleUpdate(outcome: OutboxOutcome, now: string): Record<string, unknown> {
  const unset = { owner: '', leaseUntil: '' };
  switch (outcome.status) {
    case 'sent':
      return {
        $set: {
          status: 'sent',
          channel: outcome.channel,
          externalId: outcome.externalId,
          partsSent: outcome.partsSent,
          messages: [],
          sentAt: now,
          updatedAt: now,
        },
        $unset: unset,
      };
    case 'skipped':
      return { $set: { status: 'skipped', reason: outcome.reason, messages: [], updatedAt: now }, $unset: unset };
    case 'failed':
      return {
        $set: {
          status: 'failed',
          lastError: outcome.error,
          partsSent: outcome.partsSent,
          notBefore: outcome.notBefore,
          updatedAt: now,
        },
        $unset: unset,
      };
    case 'dead':
      return {
        $set: { status: 'dead', lastError: outcome.error, partsSent: outcome.partsSent, messages: [], updatedAt: now },
        $unset: unset,
      };
  }
}

/** Due entries of one priority that a dispatcher may claim. */
export function claimFilter(priority: OutboxPriority, now: string): Record<string, unknown> {
  return { status: { $in: ['pending', 'failed'] }, priority: plain(priority), notBefore: { $lte: plain(now) } };
}

/** A list window on a find: skip, then limit, when given. */
export function windowed<Q extends { skip(n: number): Q; limit(n: number): Q }>(query: Q, window: ListWindow): Q {
  const skipped = window.offset ? query.skip(Math.max(0, window.offset)) : query;
  return window.limit === undefined ? skipped : skipped.limit(window.limit);
}

/** Documents from a cursor as records, `size` at a time: a large collection is never held whole. */
export async function* recordBatches<T>(cursor: AsyncIterable<unknown>, size: number): AsyncIterable<T[]> {
  let batch: T[] = [];
  for await (const document of cursor) {
    batch.push(toRecord<T>(document as Record<string, unknown>)!);
    if (batch.length >= size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}
