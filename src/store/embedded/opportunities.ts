import type { Opportunity, Organisation } from '../../domain/model';
import { applyQuery } from '../../domain/opportunity-search';
import type { OpportunityQuery, OpportunityRepository, OrganisationRepository, Page } from '../../domain/ports';
import type { EmbeddedDb } from './db';

export class EmbeddedOpportunities implements OpportunityRepository {
  private readonly records;

  constructor(db: EmbeddedDb) {
    this.records = db.collection<Opportunity>('opportunities');
  }

  async get(id: string): Promise<Opportunity | undefined> {
    return this.records.get(id);
  }

  async save(opportunity: Opportunity): Promise<void> {
    await this.records.put(opportunity.id, opportunity);
  }

  async search(query: OpportunityQuery): Promise<Page<Opportunity>> {
    const matches = applyQuery(this.records.records.values(), query);
    const offset = Math.max(0, query.offset ?? 0);
    const limit = Math.max(0, query.limit ?? matches.length);
    return { items: matches.slice(offset, offset + limit), total: matches.length };
  }

  async distinct(field: 'region' | 'themes', query: OpportunityQuery): Promise<string[]> {
    const values = new Set<string>();
    for (const opportunity of applyQuery(this.records.records.values(), query)) {
      if (field === 'region') values.add(opportunity.region);
      else for (const theme of opportunity.themes) values.add(theme);
    }
    return [...values].sort();
  }
}

export class EmbeddedOrganisations implements OrganisationRepository {
  private readonly records;

  constructor(db: EmbeddedDb) {
    this.records = db.collection<Organisation>('organisations');
  }

  async get(id: string): Promise<Organisation | undefined> {
    return this.records.get(id);
  }

  async save(organisation: Organisation): Promise<void> {
    await this.records.put(organisation.id, organisation);
  }

  async list(): Promise<Organisation[]> {
    return [...this.records.records.values()].sort((a, b) => a.name.localeCompare(b.name));
  }
}
