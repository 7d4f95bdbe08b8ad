import { buildIcs, parseOffsets } from '../../src/domain/calendar';
import { opportunity } from '../support/factories';

const options = {
  locale: 'fr' as const,
  alarmsMinutesBefore: [1440, 120],
  alarmText: 'Rappel',
  now: new Date('2026-11-24T10:00:00Z'),
};

describe('calendar files', () => {
  it('writes a valid event with alarms, escaped text and CRLF line ends', () => {
    const ics = buildIcs(
      opportunity({
        startsAt: '2026-12-05T08:30:00.000Z',
        endsAt: '2026-12-05T11:30:00.000Z',
        address: '12 rue Paul Bert; bât. B',
        city: 'Talence',
      }),
      { ...options, organisationName: 'Jardins', url: 'https://bot.example/chat' },
    )!;
    const lines = ics.split('\r\n');
    expect(lines[0]).toBe('BEGIN:VCALENDAR');
    expect(lines).toContain('DTSTART:20261205T083000Z');
    expect(lines).toContain('DTEND:20261205T113000Z');
    expect(lines).toContain('LOCATION:12 rue Paul Bert\\; bât. B\\, Talence');
    expect(lines.filter((line) => line.startsWith('TRIGGER:'))).toEqual(['TRIGGER:-PT1440M', 'TRIGGER:-PT120M']);
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/\n/);
  });

  it('escapes a backslash and every kind of line break a coordinator may paste', () => {
    const ics = buildIcs(
      opportunity({
        startsAt: '2026-12-05T08:30:00Z',
        description: { fr: 'a\\b\r\nc\rEND:VEVENT\nd' },
      }),
      options,
    )!;
    expect(ics).toContain('DESCRIPTION:a\\\\b\\nc\\nEND:VEVENT\\nd');
    expect(ics.split('\r\n').filter((line) => line === 'END:VEVENT')).toHaveLength(1);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('folds long lines at 75 octets without splitting a character', () => {
    const ics = buildIcs(
      opportunity({ startsAt: '2026-12-05T08:30:00Z', description: { fr: 'é'.repeat(200) } }),
      options,
    )!;
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(ics).toContain('DESCRIPTION:ééé');
    expect(ics).not.toContain('\uFFFD');
  });

  it('has nothing to offer for an ongoing role', () => {
    expect(buildIcs(opportunity(), options)).toBeUndefined();
  });

  it('parses reminder offsets and refuses typos', () => {
    expect(parseOffsets('24h, 2h,30m')).toEqual([1440, 120, 30]);
    expect(() => parseOffsets('24h,2 days')).toThrow(/"2 days" is not an offset/);
  });
});
