import { openRef, ShareReferences } from '../../src/domain/share';
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
  const references = new ShareReferences('a-secret-of-enough-length');

  it('round-trip signed, naming sharer, opportunity and channel, and fit Telegram’s start parameter', () => {
    const sharedBy = newId();
    const ref = references.sign({ opportunityId: 'nettoyage-berges-saone', sharedBy, channel: 'messenger' });
    expect(ref).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(references.read(ref)).toEqual({ opportunityId: 'nettoyage-berges-saone', sharedBy, channel: 'messenger' });
    // Two ids of 16 characters with the longest opportunity ids the catalogue uses still fit.
    expect(references.sign({ opportunityId: 'x'.repeat(30), sharedBy, channel: 'web' }).length).toBeLessThanOrEqual(64);
    expect(references.read(openRef('x'))).toEqual({ opportunityId: 'x' });
  });

  it('credit no one when altered, forged with another key, or too long to sign', () => {
    const ref = references.sign({ opportunityId: 'garden', sharedBy: 'alice0123456789a', channel: 'telegram' });
    // Another sharer's id in the same place, the tag kept: the opportunity opens, nobody is credited.
    const altered = ref.replace('alice', 'mallo');
    expect(references.read(altered)).toEqual({ opportunityId: 'garden' });
    const forged = new ShareReferences('another-secret-entirely').sign({
      opportunityId: 'garden',
      sharedBy: 'mallory012345678',
      channel: 'telegram',
    });
    expect(references.read(forged)).toEqual({ opportunityId: 'garden' });
    const long = references.sign({ opportunityId: 'y'.repeat(40), sharedBy: 'z'.repeat(40), channel: 'web' });
    expect(references.read(long)).toEqual({ opportunityId: 'y'.repeat(40) });
  });

  it('read links made before signing as opening the opportunity only', () => {
    const legacy = 'o' + Buffer.from('garden|someone', 'utf8').toString('base64url');
    expect(references.read(legacy)).toEqual({ opportunityId: 'garden' });
  });

  it('ignore anything they did not make', () => {
    for (const junk of ['', 'hello', 'o!!!', 'o' + 'A'.repeat(80), 'o' + Buffer.from('a|b|c').toString('base64url')]) {
      expect(references.read(junk)).toBeUndefined();
    }
    expect(() => new ShareReferences('short')).toThrow(RangeError);
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
