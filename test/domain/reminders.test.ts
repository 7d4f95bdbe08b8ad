import { followUpTime, planReminder, quietHoursEnd } from '../../src/domain/reminders';

const PARIS = 'Europe/Paris';
const OFFSETS = [1440, 120];
const plan = (startsAt: string, now: string, signedUpAt = '2026-01-01T00:00:00.000Z') =>
  planReminder({ startsAt, signedUpAt, offsetsMinutes: OFFSETS, now: new Date(now), timezone: PARIS });

describe('reminder plans', () => {
  // 26 November 2026, 14:00 in Paris (UTC+1).
  const meeting = '2026-11-26T13:00:00.000Z';

  it('gives the latest offset whose time has come, and nothing before or once the meeting began', () => {
    expect(plan(meeting, '2026-11-25T12:00:00.000Z')).toBeUndefined();
    expect(plan(meeting, '2026-11-25T13:30:00.000Z')).toEqual({
      offsetMinutes: 1440,
      notBefore: new Date('2026-11-25T13:30:00.000Z'),
    });
    expect(plan(meeting, '2026-11-26T11:30:00.000Z')?.offsetMinutes).toBe(120);
    expect(plan(meeting, '2026-11-26T13:00:00.000Z')).toBeUndefined();
  });

  it('sends no reminder whose time had passed when the person signed up', () => {
    const lateSignup = '2026-11-25T17:00:00.000Z';
    expect(plan(meeting, '2026-11-25T18:00:00.000Z', lateSignup)).toBeUndefined();
    expect(plan(meeting, '2026-11-26T11:30:00.000Z', lateSignup)?.offsetMinutes).toBe(120);
  });

  it('holds a reminder due in quiet hours until 08:00', () => {
    // Meeting at 09:00 local; its two-hour reminder falls at 07:00.
    expect(plan('2026-11-27T08:00:00.000Z', '2026-11-27T06:00:00.000Z')).toEqual({
      offsetMinutes: 120,
      notBefore: new Date('2026-11-27T07:00:00.000Z'),
    });
    // Meeting at 23:00 local; its day-before reminder falls at 23:00 and waits for the morning.
    expect(plan('2026-11-28T22:00:00.000Z', '2026-11-27T22:00:00.000Z')).toEqual({
      offsetMinutes: 1440,
      notBefore: new Date('2026-11-28T07:00:00.000Z'),
    });
  });

  it('sends in quiet hours when the meeting is within the next offset of their end', () => {
    // Meeting at 07:00 local: waiting until 08:00 would be too late.
    const now = '2026-11-27T04:00:00.000Z';
    expect(plan('2026-11-27T06:00:00.000Z', now)).toEqual({ offsetMinutes: 120, notBefore: new Date(now) });
    // Meeting at 09:30 local, day-before reminder at 22:30: 08:00 is within two hours of it, so it goes now.
    expect(plan('2026-11-28T08:30:00.000Z', '2026-11-27T21:30:00.000Z')?.notBefore).toEqual(
      new Date('2026-11-27T21:30:00.000Z'),
    );
  });

  it('knows when quiet hours end across daylight-saving changes in Europe/Paris', () => {
    expect(quietHoursEnd(new Date('2026-11-24T10:00:00.000Z'), PARIS)).toBeUndefined();
    // 29 March 2026: clocks go from 02:00 to 03:00; 08:00 that morning is 06:00 UTC.
    expect(quietHoursEnd(new Date('2026-03-29T00:30:00.000Z'), PARIS)).toEqual(new Date('2026-03-29T06:00:00.000Z'));
    expect(quietHoursEnd(new Date('2026-03-28T21:30:00.000Z'), PARIS)).toEqual(new Date('2026-03-29T06:00:00.000Z'));
    // 25 October 2026: clocks go from 03:00 back to 02:00; 08:00 that morning is 07:00 UTC.
    expect(quietHoursEnd(new Date('2026-10-24T21:00:00.000Z'), PARIS)).toEqual(new Date('2026-10-25T07:00:00.000Z'));
    expect(quietHoursEnd(new Date('2026-10-25T01:30:00.000Z'), PARIS)).toEqual(new Date('2026-10-25T07:00:00.000Z'));
    // 21:59 local is not quiet yet; 22:00 is.
    expect(quietHoursEnd(new Date('2026-10-24T19:59:00.000Z'), PARIS)).toBeUndefined();
    expect(quietHoursEnd(new Date('2026-10-24T20:00:00.000Z'), PARIS)).toEqual(new Date('2026-10-25T07:00:00.000Z'));
  });

  it('holds the reminder of a meeting on the morning clocks change until 08:00 local', () => {
    // Meeting 29 March 2026 at 10:00 CEST (08:00 UTC); the two-hour reminder is due at 08:00 CEST, not in quiet hours.
    expect(plan('2026-03-29T08:00:00.000Z', '2026-03-29T06:00:00.000Z')).toEqual({
      offsetMinutes: 120,
      notBefore: new Date('2026-03-29T06:00:00.000Z'),
    });
    // Meeting at 09:30 CEST: the reminder due at 07:30 CEST waits until 08:00 CEST (06:00 UTC).
    expect(plan('2026-03-29T07:30:00.000Z', '2026-03-29T05:30:00.000Z')?.notBefore).toEqual(
      new Date('2026-03-29T06:00:00.000Z'),
    );
  });
});

describe('follow-up time', () => {
  it('is an hour after the meeting ends, or three hours after an open-ended start', () => {
    expect(followUpTime('2026-11-26T13:00:00.000Z', '2026-11-26T15:00:00.000Z', PARIS)).toEqual(
      new Date('2026-11-26T16:00:00.000Z'),
    );
    expect(followUpTime('2026-11-26T13:00:00.000Z', undefined, PARIS)).toEqual(new Date('2026-11-26T17:00:00.000Z'));
    // A placement lasting months is asked about after its first day.
    expect(followUpTime('2026-11-26T08:00:00.000Z', '2027-02-26T17:00:00.000Z', PARIS)).toEqual(
      new Date('2026-11-26T12:00:00.000Z'),
    );
  });

  it('waits for the morning after an evening meeting', () => {
    expect(followUpTime('2026-11-26T19:00:00.000Z', undefined, PARIS)).toEqual(new Date('2026-11-27T07:00:00.000Z'));
  });
});
