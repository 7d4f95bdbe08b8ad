/**
 * Typed searches forgive a typo: a word of five letters or more that appears nowhere in the
 * opportunities is replaced by the known word it is one edit away from ("environement" →
 * "environnement"), or that sounds the same in French ("bordo" → "bordeaux").
 */
import { distance } from 'fastest-levenshtein';
import { searchTerms } from '../domain/text';

/** Shorter words have too many neighbours one edit away ("stage" and "stade", "lyon" and "lion"). */
export const MIN_CORRECTED_LENGTH = 5;

/** The words searches can match, folded, each with how often it occurs (to prefer the common one). */
export type Vocabulary = ReadonlyMap<string, number>;

export function buildVocabulary(texts: Iterable<string>): Map<string, number> {
  const words = new Map<string, number>();
  for (const text of texts) {
    for (const word of text.split(/[^\p{L}\p{N}]+/u)) {
      if (word.length >= MIN_CORRECTED_LENGTH - 1) words.set(word, (words.get(word) ?? 0) + 1);
    }
  }
  return words;
}

/**
 * What a word sounds like in French, roughly: "eau", "au" and "o" alike, "ph" as "f", "qu" and
 * hard "c" as "k", doubled letters single, silent endings dropped. Enough for place names typed
 * as heard ("bordo", "marseil"), not a general phonetic algorithm.
 */
export function soundsLike(word: string): string {
  return word
    .replace(/eaux|eau|aux|au/g, 'o')
    .replace(/ph/g, 'f')
    .replace(/qu|ck|c(?=[aou])/g, 'k')
    .replace(/y/g, 'i')
    .replace(/z/g, 's')
    .replace(/(.)\1+/g, '$1')
    .replace(/(?<=.{3})[estxd]+$/, '');
}

/** Two letters side by side swapped ("benevloat"): one typo to a person, two edits to Levenshtein. */
function isTransposition(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let first = -1;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (first >= 0)
      return i === first + 1 && a[first] === b[i] && a[i] === b[first] && a.slice(i + 1) === b.slice(i + 1);
    first = i;
  }
  return false;
}

function oneTypoApart(term: string, word: string): boolean {
  if (Math.abs(term.length - word.length) > 1 && soundsLike(term) !== soundsLike(word)) return false;
  return (
    distance(term, word) <= 1 ||
    isTransposition(term, word) ||
    soundsLike(term) === soundsLike(word) ||
    // A typo in a word said the French way: "bordaux" is "bordo" with a letter more.
    distance(soundsLike(term), soundsLike(word)) <= 1
  );
}

/** The closest known word for a term that matches nothing; undefined when there is none. */
export function correctTerm(term: string, vocabulary: Vocabulary): string | undefined {
  if (Array.from(term).length < MIN_CORRECTED_LENGTH || /\d/.test(term)) return undefined;
  for (const word of vocabulary.keys()) if (word.includes(term)) return undefined;
  let best: { word: string; cost: number; count: number } | undefined;
  for (const [word, count] of vocabulary) {
    if (!oneTypoApart(term, word)) continue;
    // Said the same way beats one letter off: "bordo" is "bordeaux" before it is "bord".
    const cost = soundsLike(term) === soundsLike(word) ? 0 : distance(term, word);
    if (!best || cost < best.cost || (cost === best.cost && count > best.count)) best = { word, cost, count };
  }
  return best?.word;
}

/**
 * The search's terms with each unknown one replaced by its correction, joined as a query; the
 * same text when nothing needed correcting.
 */
export function correctQuery(query: string, vocabulary: Vocabulary): { text: string; corrected: boolean } {
  let corrected = false;
  const terms = searchTerms(query).map((term) => {
    const correction = correctTerm(term, vocabulary);
    if (correction === undefined) return term;
    corrected = true;
    return correction;
  });
  return corrected ? { text: terms.join(' '), corrected } : { text: query, corrected };
}
