/**
 * The discovery rules shared by every store: which opportunities a query matches and in what order.
 * The embedded store applies them directly; the MongoDB store translates them into queries.
 */
import type { Opportunity, OpportunityKind } from './model';
import type { OpportunityQuery } from './ports';
import { foldText, searchTerms } from './text';

// Search vocabulary, folded, in both languages: "stage" finds placements, "climat" environmental roles.
export const KIND_SEARCH_WORDS: Record<OpportunityKind, string> = {
  volunteering: 'benevolat benevole volontariat volunteering volunteer mission engagement',
  placement: 'stage stagiaire alternance placement internship intern',
  school_intervention: 'intervention scolaire ecole college lycee classe school classroom pupils',
  meeting: 'reunion rencontre soiree information meeting event',
};

export const THEME_SEARCH_WORDS: Record<string, string> = {
  environment: 'environnement ecologie climat nature biodiversite environment climate',
  solidarity: 'solidarite entraide precarite solidarity',
  education: 'education soutien scolaire animation education tutoring',
  health: 'sante prevention health',
  culture: 'culture art musique festival culture arts',
  international: 'international solidarite internationale chantier europe monde abroad',
  sport: 'sport sports',
  citizenship: 'citoyennete democratie droits citizenship rights',
  digital: 'numerique informatique digital',
};

const searchTextCache = new WeakMap<Opportunity, string>();

/** Everything free text is matched against, folded; cached per record object. */
export function searchableText(opportunity: Opportunity): string {
  const cached = searchTextCache.get(opportunity);
  if (cached !== undefined) return cached;
  const parts = [
    ...Object.values(opportunity.title),
    ...Object.values(opportunity.summary),
    ...Object.values(opportunity.description),
    ...opportunity.themes,
    ...opportunity.themes.map((theme) => THEME_SEARCH_WORDS[theme] ?? ''),
    KIND_SEARCH_WORDS[opportunity.kind],
    opportunity.region,
    opportunity.city ?? '',
    opportunity.remote ? 'distance remote en ligne online' : '',
  ];
  const text = foldText(parts.join(' '));
  searchTextCache.set(opportunity, text);
  return text;
}

/** The instant after which an opportunity is over; undefined for ongoing roles. */
export function endInstant(opportunity: Opportunity): string | undefined {
  return opportunity.endsAt ?? opportunity.startsAt;
}

/** The structured part of a query (everything but text and paging). */
export function matchesFilters(opportunity: Opportunity, query: OpportunityQuery): boolean {
  if (opportunity.status !== (query.status ?? 'published')) return false;
  if (query.organisationId !== undefined && opportunity.organisationId !== query.organisationId) return false;
  if (query.kind !== undefined && opportunity.kind !== query.kind) return false;
  if (query.region !== undefined && opportunity.region !== query.region) return false;
  if (query.remote === true && !opportunity.remote) return false;
  if (query.theme !== undefined && !opportunity.themes.includes(query.theme)) return false;
  if (query.notEndedBefore !== undefined) {
    const end = endInstant(opportunity);
    if (end !== undefined && Date.parse(end) < Date.parse(query.notEndedBefore)) return false;
  }
  if (query.startsFrom !== undefined || query.startsBefore !== undefined) {
    if (opportunity.startsAt === undefined) return false;
    const start = Date.parse(opportunity.startsAt);
    if (query.startsFrom !== undefined && start < Date.parse(query.startsFrom)) return false;
    if (query.startsBefore !== undefined && start >= Date.parse(query.startsBefore)) return false;
  }
  return true;
}

/** Dated opportunities soonest first, then ongoing ones, then by id for a stable order. */
export function compareByDate(a: Opportunity, b: Opportunity): number {
  if (a.startsAt !== undefined && b.startsAt !== undefined && a.startsAt !== b.startsAt) {
    return Date.parse(a.startsAt) - Date.parse(b.startsAt);
  }
  if (a.startsAt !== undefined && b.startsAt === undefined) return -1;
  if (a.startsAt === undefined && b.startsAt !== undefined) return 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Applies a whole query to a list. With free text, opportunities matching every term come first;
 * when none matches them all, those matching any term are returned, most terms first.
 */
export function applyQuery(candidates: Iterable<Opportunity>, query: OpportunityQuery): Opportunity[] {
  const filtered: Opportunity[] = [];
  for (const opportunity of candidates) if (matchesFilters(opportunity, query)) filtered.push(opportunity);
  const terms = query.text === undefined ? [] : searchTerms(query.text);
  if (query.text !== undefined && terms.length === 0) return [];
  if (terms.length === 0) return filtered.sort(compareByDate);

  const scored = filtered
    .map((opportunity) => {
      const text = searchableText(opportunity);
      return { opportunity, score: terms.filter((term) => text.includes(term)).length };
    })
    .filter((entry) => entry.score > 0);
  const best = scored.filter((entry) => entry.score === terms.length);
  const chosen = best.length > 0 ? best : scored;
  return chosen
    .sort((a, b) => b.score - a.score || compareByDate(a.opportunity, b.opportunity))
    .map((entry) => entry.opportunity);
}
