import { buildVocabulary, correctQuery, correctTerm, soundsLike } from '../../src/engine/spelling';

const vocabulary = buildVocabulary([
  'jardiner au potager partage environnement ecologie bordeaux talence',
  'nettoyage des berges au bord de la saone lyon environnement',
  'benevolat volunteering volunteer marseille stage stade',
]);

describe('typo-tolerant search terms', () => {
  it('replaces a word of five letters or more that matches nothing by the word one typo away', () => {
    expect(correctTerm('environement', vocabulary)).toBe('environnement'); // a letter missing
    expect(correctTerm('benevolta', vocabulary)).toBe('benevolat'); // two letters swapped
    expect(correctTerm('volunteerz', vocabulary)).toBe('volunteer'); // one letter wrong
  });

  it('recognises place names typed as they sound, before any word merely one letter off', () => {
    expect(soundsLike('bordeaux')).toBe(soundsLike('bordo'));
    expect(correctTerm('bordo', vocabulary)).toBe('bordeaux');
    expect(correctTerm('bordaux', vocabulary)).toBe('bordeaux');
    expect(correctTerm('marseil', vocabulary)).toBeUndefined(); // already the start of "marseille"
  });

  it('leaves short words, numbers, known words and parts of known words alone', () => {
    expect(correctTerm('stae', vocabulary)).toBeUndefined();
    expect(correctTerm('12345', vocabulary)).toBeUndefined();
    expect(correctTerm('benevola', vocabulary)).toBeUndefined(); // the start of "benevolat"
    expect(correctTerm('jardin', vocabulary)).toBeUndefined();
    expect(correctTerm('zzzzzzz', vocabulary)).toBeUndefined();
  });

  it('rewrites a query only when a term was corrected', () => {
    expect(correctQuery('benevola bordo', vocabulary)).toEqual({ text: 'benevola bordeaux', corrected: true });
    expect(correctQuery('Jardin à Talence', vocabulary)).toEqual({ text: 'Jardin à Talence', corrected: false });
  });
});
