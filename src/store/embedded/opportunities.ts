import type { Opportunity, Organisation } from '../../domain/model';
import { applyQuery } from '../../domain/opportunity-search';
import type { OpportunityQuery, OpportunityRepository, OrganisationRepository, Page } from '../../domain/ports';
import { DocumentTable, type Db } from './documents';

export class EmbeddedOpportunities implements OpportunityRepository {
  private readonly records: DocumentTable<Opportunity>;
  private readonly byStatus: (status: string) => Opportunity[];
  private readonly byStatusAndOrganisation: (status: string, organisationId: string) => Opportunity[];

  constructor(db: Db) {
    this.records = new DocumentTable(db, 'opportunities');
    this.byStatus = this.records.query('WHERE status = ?');
    this.byStatusAndOrganisation = this.records.query('WHERE status = ? AND organisation_id = ?');
  }

  async get(id: string): Promise<Opportunity | undefined> {
    return this.records.get(id);
  }

  async save(opportunity: Opportunity): Promise<void> {
    this.records.put(opportunity.id, opportunity);
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

  // The index narrows by status (and organisation); the shared rules in the domain do the rest,
  // so both stores match text and dates the same way.
  private candidates(query: OpportunityQuery): Opportunity[] {
    const status = query.status ?? 'published';
    return query.organisationId === undefined ? this.byStatus(status) : this.byStatusAndOrganisation(status, query.organisationId);
  }
}

export class EmbeddedOrganisations implements OrganisationRepository {
  private readonly records: DocumentTable<Organisation>;
  private readonly all: () => Organisation[];

  constructor(db: Db) {
    this.records = new DocumentTable(db, 'organisations');
    this.all = this.records.query('');
  }

  async get(id: string): Promise<Organisation | undefined> {
    return this.records.get(id);
  }

  async save(organisation: Organisation): Promise<void> {
    this.records.put(organisation.id, organisation);
  }

  async list(): Promise<Organisation[]> {
    return this.all().sort((a, b) => a.name.localeCompare(b.name));
  }
}
