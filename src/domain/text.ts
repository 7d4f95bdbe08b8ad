/** Lower-case, accents removed, ligatures expanded: "Bénévolat" and "benevolat" fold to the same text. */
export function foldText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .replace(/œ/gi, 'oe')
    .replace(/æ/gi, 'ae')
    .toLowerCase();
}

// Words too common to say anything about what the person looks for, in both languages.
const STOP_WORDS = new Set(
  (
    'les des une un le la de du et ou a au aux en dans pour par sur avec je tu il elle on nous vous ils ' +
    'me te se mon ma mes ton ta tes son sa ses est suis cherche chercher veux voudrais trouver faire ' +
    'quelque chose qui que quoi ce cet cette ces pas plus tres bien the an and or of to in on at for with ' +
    'is am are my me looking look want would like find some any something do can'
  ).split(' '),
);

/** The words of a free-text query worth searching for. */
export function searchTerms(query: string): string[] {
  const words = foldText(query).split(/[^\p{L}\p{N}]+/u);
  const terms = words.filter((word) => word.length >= 2 && !STOP_WORDS.has(word));
  return [...new Set(terms)];
}

/** Cuts text to at most `max` characters on a word boundary, with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const cut = chars.slice(0, max - 1).join('');
  const lastSpace = cut.lastIndexOf(' ');
  const base = lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut;
  return `${base.trimEnd()}…`;
}

const MARKUP_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside HTML or XML, in an element or a quoted attribute (web pages, feeds). */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => MARKUP_ENTITIES[c]);
}
