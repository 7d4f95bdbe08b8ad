/** iCalendar (RFC 5545) files for "add to my calendar", with alarms before the start. */
import { localise, type Locale, type Opportunity } from './model';

export interface CalendarOptions {
  locale: Locale;
  organisationName?: string;
  /** Alarms, in minutes before the start. */
  alarmsMinutesBefore: number[];
  alarmText: string;
  now: Date;
  url?: string;
}

function escapeText(text: string): string {
  // RFC 5545 §3.3.11: backslash, semicolon and comma escaped; any line break (CRLF, LF, a lone CR) as \n.
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}

function formatUtc(iso: string | Date): string {
  return new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Lines longer than 75 octets are folded; never inside a UTF-8 character. */
function fold(line: string): string {
  const parts: string[] = [];
  let current = '';
  let bytes = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char, 'utf8');
    const limit = parts.length === 0 ? 75 : 74;
    if (bytes + size > limit) {
      parts.push(current);
      current = '';
      bytes = 0;
    }
    current += char;
    bytes += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/** Undefined for ongoing roles: there is no date to put in a calendar. */
export function buildIcs(opportunity: Opportunity, options: CalendarOptions): string | undefined {
  const event = eventLines(opportunity, options);
  return event && calendarDocument([event]);
}

/**
 * A calendar of several opportunities (a website's or a phone's subscription): the dated ones,
 * each linking to its page, without alarms (the subscriber's calendar sets its own).
 */
export function buildFeedIcs(
  opportunities: Opportunity[],
  options: {
    locale: Locale;
    now: Date;
    name: string;
    organisationName: (o: Opportunity) => string;
    url: (o: Opportunity) => string;
  },
): string {
  const events = opportunities.flatMap((opportunity) => {
    const lines = eventLines(opportunity, {
      locale: options.locale,
      organisationName: options.organisationName(opportunity),
      alarmsMinutesBefore: [],
      alarmText: '',
      now: options.now,
      url: options.url(opportunity),
    });
    return lines ? [lines] : [];
  });
  return calendarDocument(events, options.name);
}

function calendarDocument(events: string[][], name?: string): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//mobilisation-bot//FR',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    ...(name ? [`X-WR-CALNAME:${escapeText(name)}`] : []),
    ...events.flat(),
    'END:VCALENDAR',
  ];
  return lines.map(fold).join('\r\n') + '\r\n';
}

function eventLines(opportunity: Opportunity, options: CalendarOptions): string[] | undefined {
  if (!opportunity.startsAt) return undefined;
  const end = opportunity.endsAt ?? new Date(Date.parse(opportunity.startsAt) + 2 * 3600_000).toISOString();
  const title = localise(opportunity.title, options.locale);
  const description = [localise(opportunity.description, options.locale), options.organisationName, options.url]
    .filter(Boolean)
    .join('\n\n');
  const location = opportunity.remote ? '' : [opportunity.address, opportunity.city].filter(Boolean).join(', ');
  return [
    'BEGIN:VEVENT',
    `UID:${opportunity.id}@mobilisation-bot`,
    `DTSTAMP:${formatUtc(options.now)}`,
    `DTSTART:${formatUtc(opportunity.startsAt)}`,
    `DTEND:${formatUtc(end)}`,
    `SUMMARY:${escapeText(title)}`,
    ...(description ? [`DESCRIPTION:${escapeText(description)}`] : []),
    ...(location ? [`LOCATION:${escapeText(location)}`] : []),
    ...(options.url ? [`URL:${options.url}`] : []),
    ...options.alarmsMinutesBefore.flatMap((minutes) => [
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      `TRIGGER:-PT${minutes}M`,
      `DESCRIPTION:${escapeText(options.alarmText)}`,
      'END:VALARM',
    ]),
    'END:VEVENT',
  ];
}

/** "24h,2h,30m" → minutes; throws on anything else so a typo is caught at start-up. */
export function parseOffsets(text: string): number[] {
  return text.split(',').map((part) => {
    const match = /^\s*(\d+)\s*([hm])\s*$/.exec(part);
    if (!match) throw new RangeError(`"${part.trim()}" is not an offset such as 24h or 30m`);
    return Number(match[1]) * (match[2] === 'h' ? 60 : 1);
  });
}
