import { extractDateWindow } from '../../src/domain/date-phrases';

// Thursday 26 November 2026, 11:00 in Paris.
const THURSDAY = new Date('2026-11-26T10:00:00Z');
const SATURDAY = new Date('2026-11-28T10:00:00Z');
const PARIS = 'Europe/Paris';

const window = (text: string, now = THURSDAY) => {
  const found = extractDateWindow(text, now, PARIS);
  return (
    found && { from: found.window.from.toISOString(), before: found.window.before.toISOString(), rest: found.rest }
  );
};

describe('date phrases in a typed search', () => {
  it('reads days, weekends, weeks and months in French, as people type them', () => {
    expect(window('demain')).toEqual({
      from: '2026-11-26T23:00:00.000Z',
      before: '2026-11-27T23:00:00.000Z',
      rest: '',
    });
    expect(window("aujourd'hui")?.from).toBe('2026-11-25T23:00:00.000Z');
    expect(window('Ce week-end')).toMatchObject({
      from: '2026-11-27T23:00:00.000Z',
      before: '2026-11-29T23:00:00.000Z',
    });
    expect(window('la semaine prochaine')).toMatchObject({
      from: '2026-11-29T23:00:00.000Z',
      before: '2026-12-06T23:00:00.000Z',
    });
    expect(window('bénévolat ce mois-ci')).toEqual({
      from: '2026-11-25T23:00:00.000Z',
      before: '2026-11-30T23:00:00.000Z',
      rest: 'benevolat',
    });
    expect(window('stage en Décembre')).toMatchObject({ from: '2026-11-30T23:00:00.000Z', rest: 'stage' });
  });

  it('reads the same in English', () => {
    expect(window('tomorrow')?.from).toBe('2026-11-26T23:00:00.000Z');
    expect(window('volunteering this weekend')).toMatchObject({
      from: '2026-11-27T23:00:00.000Z',
      rest: 'volunteering',
    });
    expect(window('next month')).toMatchObject({
      from: '2026-11-30T23:00:00.000Z',
      before: '2026-12-31T23:00:00.000Z',
    });
  });

  it('takes a past month as next year’s, and summer time into account', () => {
    expect(window('in March')).toEqual({
      from: '2027-02-28T23:00:00.000Z',
      before: '2027-03-31T22:00:00.000Z',
      rest: '',
    });
  });

  it('on a Saturday, "ce week-end" is the one under way and "le week-end prochain" the next', () => {
    expect(window('ce week-end', SATURDAY)).toMatchObject({ from: '2026-11-27T23:00:00.000Z' });
    expect(window('le week-end prochain', SATURDAY)).toMatchObject({
      from: '2026-12-04T23:00:00.000Z',
      before: '2026-12-06T23:00:00.000Z',
    });
  });

  it('leaves alone words that only contain a date word, and abbreviations on their own', () => {
    expect(window('demainville')).toBeUndefined();
    expect(window('jardin')).toBeUndefined();
    expect(window('dec')).toBeUndefined();
    expect(window('I may come')).toBeUndefined();
    expect(window('2 mois')).toBeUndefined();
  });
});
