import type { Opportunity, Organisation } from '../../domain/model';
import { applyQuery } from '../../domain/opportunity-search';
import type { OpportunityQuery, OpportunityRepository, OrganisationRepository, Page } from '../../domain/ports';
import { RecordCache } from './cache';
import { DocumentTable, type Db } from './documents';

export class EmbeddedOpportunities implements OpportunityRepository {
  private readonly records: DocumentTable<Opportunity>;
  private readonly byStatus: (status: string) => Opportunity[];
  private readonly lists: RecordCache<Opportunity[]>;
  private readonly byId: RecordCache<Opportunity>;

  constructor(db: Db) {
    this.records = new DocumentTable(db, 'opportunities');
    this.byStatus = this.records.query('WHERE status = ?');
    this.lists = new RecordCache(db, 8);
    this.byId = new RecordCache(db);
  }

  async get(id: string): Promise<Opportunity | undefined> {
    return this.byId.through(id, () => this.records.get(id));
  }

  async save(opportunity: Opportunity): Promise<void> {
    const before = this.records.get(opportunity.id);
    this.records.put(opportunity.id, opportunity);
    this.byId.delete(opportunity.id);
    this.lists.delete(opportunity.status);
    if (before) this.lists.delete(before.status);
  }

  async search(query: OpportunityQuery): Promise<Page<Opportunity>> {
    const matches = applyQuery(this.candidates(query), query);
    const offset = Math.max(0, query.offset ?? 0);
    const limit = Math.max(0, query.limit ?? matches.length);
    return { items: matches.slice(offset, offset + limit), total: matches.length };
  }

  async distinct(field: 'region' | 'themes', query: OpportunityQuery): Promise<string[]> {
    const values = new Set<string>();
    for (const opportunity of applyQuery(this.candidates(query), query)) {
      if (field === 'region') values.add(opportunity.region);
      else for (const theme of opportunity.themes) values.add(theme);
    }
    return [...values].sort();
  }

  // Every search reads the opportunities of one status, which are few and change rarely: they are
  // kept parsed per status, so the folded search text the domain caches per record object is
  // computed once per change, not once per message. The index narrows by status; the shared
  // rules in the domain do the rest, so both stores match the same way.
  private candidates(query: OpportunityQuery): readonly Opportunity[] {
    const status = query.status ?? 'published';
    return this.lists.through(status, () => this.byStatus(status)) ?? [];
  }
}

export class EmbeddedOrganisations implements OrganisationRepository {
  private readonly records: DocumentTable<Organisation>;
  private readonly all: () => Organisation[];
  /** Every results card names its association. */
  private readonly byId: RecordCache<Organisation>;

  constructor(db: Db) {
    this.records = new DocumentTable(db, 'organisations');
    this.all = this.records.query('');
    this.byId = new RecordCache(db, 1000);
  }

  async get(id: string): Promise<Organisation | undefined> {
    return this.byId.through(id, () => this.records.get(id));
  }

  async save(organisation: Organisation): Promise<void> {
    this.records.put(organisation.id, organisation);
    this.byId.delete(organisation.id);
  }

  async list(): Promise<Organisation[]> {
    return this.all().sort((a, b) => a.name.localeCompare(b.name));
  }
}
