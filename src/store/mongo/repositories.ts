/**
 * Organisations, opportunities and contacts on MongoDB. Atomic operations here and in the other
 * files are single conditional updates, never read-then-write.
 */
import type { ChannelIdentity, Contact, Opportunity, Organisation } from '../../domain/model';
import { applyQuery } from '../../domain/opportunity-search';
import type {
  ContactPatch,
  ContactRepository,
  OpportunityQuery,
  OpportunityRepository,
  OrganisationRepository,
  Page,
} from '../../domain/ports';
import type { Models } from './models';
import {
  contactToDocument,
  contactUpdate,
  identityKey,
  isDuplicateKey,
  opportunityFilter,
  opportunityToDocument,
  plain,
  recordBatches,
  textFilter,
  toRecord,
} from './queries';

type Lean = Record<string, unknown>;
const records = <T>(documents: Lean[]): T[] => documents.map((document) => toRecord<T>(document)!);
/** Free-text candidates are ranked in memory with the embedded store's rules: a catalogue's worth. */
const MAX_TEXT_CANDIDATES = 1000;

export class MongoOrganisations implements OrganisationRepository {
  constructor(private readonly models: Models) {}
  async get(id: string) {
    return toRecord<Organisation>(await this.models.organisations.findById(plain(id)).lean<Lean>());
  }
  async save(organisation: Organisation) {
    const { id, ...fields } = organisation;
    await this.models.organisations.replaceOne({ _id: plain(id) }, fields, { upsert: true });
  }
  async list() {
    return records<Organisation>(await this.models.organisations.find().sort({ name: 1 }).lean<Lean[]>());
  }
}

export class MongoOpportunities implements OpportunityRepository {
  constructor(private readonly models: Models) {}
  async get(id: string) {
    return toRecord<Opportunity>(await this.models.opportunities.findById(plain(id)).lean<Lean>());
  }
  async save(opportunity: Opportunity) {
    const { _id, ...fields } = opportunityToDocument(opportunity);
    await this.models.opportunities.replaceOne({ _id }, fields, { upsert: true });
  }
  async search(query: OpportunityQuery): Promise<Page<Opportunity>> {
    const offset = Math.max(0, query.offset ?? 0);
    if (query.text !== undefined) {
      const filter = textFilter(query);
      if (!filter) return { items: [], total: 0 };
      const candidates = records<Opportunity>(
        await this.models.opportunities.find(filter).limit(MAX_TEXT_CANDIDATES).lean<Lean[]>(),
      );
      const ranked = applyQuery(candidates, query);
      return {
        items: ranked.slice(offset, query.limit === undefined ? undefined : offset + query.limit),
        total: ranked.length,
      };
    }
    const filter = opportunityFilter(query);
    const find = this.models.opportunities.find(filter).sort({ sortStart: 1, _id: 1 }).skip(offset);
    if (query.limit !== undefined) find.limit(query.limit);
    const [items, total] = await Promise.all([find.lean<Lean[]>(), this.models.opportunities.countDocuments(filter)]);
    return { items: records<Opportunity>(items), total };
  }
  async distinct(field: 'region' | 'themes', query: OpportunityQuery) {
    const values: unknown[] = await this.models.opportunities.distinct(field, opportunityFilter(query));
    return values.filter((value): value is string => typeof value === 'string').sort();
  }
}

export class MongoContacts implements ContactRepository {
  constructor(private readonly models: Models) {}
  batches(size: number): AsyncIterable<Contact[]> {
    return recordBatches<Contact>(this.models.contacts.find().sort({ _id: 1 }).lean().cursor(), size);
  }
  async get(id: string) {
    return toRecord<Contact>(await this.models.contacts.findById(plain(id)).lean<Lean>());
  }
  async findByIdentity(identity: ChannelIdentity) {
    return toRecord<Contact>(
      await this.models.contacts.findOne({ identityKeys: plain(identityKey(identity)) }).lean<Lean>(),
    );
  }
  async findOrCreate(identity: ChannelIdentity, create: () => Contact) {
    const existing = await this.findByIdentity(identity);
    if (existing) return { contact: existing, created: false };
    const contact = create();
    try {
      await this.models.contacts.create(contactToDocument(contact));
      return { contact, created: true };
    } catch (error) {
      // Another process created the same identity first: the unique index kept one; use it.
      if (!isDuplicateKey(error)) throw error;
      const winner = await this.findByIdentity(identity);
      if (!winner) throw error;
      return { contact: winner, created: false };
    }
  }
  async update(id: string, patch: ContactPatch) {
    const updated = await this.models.contacts
      .findOneAndUpdate({ _id: plain(id) }, contactUpdate(id, patch), { returnDocument: 'after' })
      .lean<Lean>();
    return toRecord<Contact>(updated);
  }
  async count() {
    return this.models.contacts.estimatedDocumentCount();
  }
}
