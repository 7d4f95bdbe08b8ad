import { decodeShareRef, encodeShareRef } from '../../src/domain/share';
import { foldText, searchTerms, truncate } from '../../src/domain/text';
import { localDatePlusDays, zonedTime } from '../../src/domain/time';
import { newId } from '../../src/domain/ids';

describe('text', () => {
  it('folds accents, case and ligatures', () => {
    expect(foldText('Bénévolat ŒUVRE Île')).toBe('benevolat oeuvre ile');
  });

  it('keeps the words worth searching', () => {
    expect(searchTerms('Je cherche du bénévolat à Lyon !')).toEqual(['benevolat', 'lyon']);
    expect(searchTerms('🙂🙂')).toEqual([]);
  });

  it('truncates on a word boundary with an ellipsis', () => {
    expect(truncate('Nettoyage des berges de la Saône', 20)).toBe('Nettoyage des…');
    expect(truncate('court', 20)).toBe('court');
  });
});

describe('share references', () => {
  it('round-trips and fits Telegram’s start parameter', () => {
    const ref = encodeShareRef({ opportunityId: 'nettoyage-berges-saone', sharedBy: newId() });
    expect(ref).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(decodeShareRef(ref)?.opportunityId).toBe('nettoyage-berges-saone');
    expect(decodeShareRef(encodeShareRef({ opportunityId: 'x' }))).toEqual({ opportunityId: 'x' });
  });

  it('ignores anything it did not make', () => {
    for (const junk of ['', 'hello', 'o!!!', 'o' + 'A'.repeat(80), 'o' + Buffer.from('a|b|c').toString('base64url')]) {
      expect(decodeShareRef(junk)).toBeUndefined();
    }
  });
});

describe('ids', () => {
  it('are 16 characters of a URL-safe alphabet and do not repeat', () => {
    const ids = new Set(Array.from({ length: 10_000 }, () => newId()));
    expect(ids.size).toBe(10_000);
    for (const id of ids) expect(id).toMatch(/^[0-9A-Za-z]{16}$/);
  });
});

describe('timezone arithmetic', () => {
  it('places wall-clock times in Paris on both sides of a daylight-saving change', () => {
    expect(zonedTime({ year: 2026, month: 3, day: 28 }, '09:00', 'Europe/Paris').toISOString()).toBe(
      '2026-03-28T08:00:00.000Z',
    );
    expect(zonedTime({ year: 2026, month: 3, day: 29 }, '09:00', 'Europe/Paris').toISOString()).toBe(
      '2026-03-29T07:00:00.000Z',
    );
    expect(zonedTime({ year: 2026, month: 10, day: 25 }, '18:30', 'Europe/Paris').toISOString()).toBe(
      '2026-10-25T17:30:00.000Z',
    );
  });

  it('counts days in the local calendar, not in UTC', () => {
    // 23:30 UTC on 24 November is already the 25th in Paris.
    expect(localDatePlusDays(new Date('2026-11-24T23:30:00Z'), 1, 'Europe/Paris')).toEqual({
      year: 2026,
      month: 11,
      day: 26,
    });
    expect(localDatePlusDays(new Date('2026-12-31T12:00:00Z'), 1, 'Europe/Paris')).toEqual({
      year: 2027,
      month: 1,
      day: 1,
    });
  });
});
