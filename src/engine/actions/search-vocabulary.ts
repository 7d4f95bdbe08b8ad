/**
 * The words of the opportunities on offer, for correcting typed searches. Built from the store at
 * most once per VOCABULARY_TTL_MS per store and shared by every conversation: a search with a typo
 * costs a walk over a few thousand words, not a read of every opportunity.
 */
import { searchableText } from '../../domain/opportunity-search';
import type { OpportunityRepository } from '../../domain/ports';
import { buildVocabulary, type Vocabulary } from '../spelling';

export const VOCABULARY_TTL_MS = 60_000;
/** Far beyond any network's live catalogue; a bound so a runaway import cannot make this a full scan. */
const MAX_OPPORTUNITIES = 2000;

const cache = new WeakMap<OpportunityRepository, { builtAt: number; vocabulary: Promise<Vocabulary> }>();

export function searchVocabulary(opportunities: OpportunityRepository, now: Date): Promise<Vocabulary> {
  const cached = cache.get(opportunities);
  if (cached && now.getTime() - cached.builtAt < VOCABULARY_TTL_MS && now.getTime() >= cached.builtAt) {
    return cached.vocabulary;
  }
  const vocabulary = opportunities
    .search({ status: 'published', notEndedBefore: now.toISOString(), limit: MAX_OPPORTUNITIES })
    .then((page) => buildVocabulary(page.items.map(searchableText)));
  // A failed read is not kept: the next search tries again.
  vocabulary.catch(() => cache.delete(opportunities));
  cache.set(opportunities, { builtAt: now.getTime(), vocabulary });
  return vocabulary;
}
