import { DAY_COLUMNS, type DayRow } from './features/statistics';
import type { Signup } from '../domain/model';
import { isoWithOffset } from '../domain/time';

/**
 * CSV for spreadsheets: RFC 4180 quoting of any cell holding a comma, a semicolon (the separator
 * French spreadsheets expect), a quote or a line break, and no cell read as a formula.
 */
export function toCsv(header: string[], rows: Array<Array<string | number | boolean | null | undefined>>): string {
  const cell = (value: string | number | boolean | null | undefined) => {
    let text = value === null || value === undefined ? '' : String(value);
    // A cell starting with = + - @ would run as a formula in a spreadsheet.
    if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",;\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return [header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}

const SIGNUP_COLUMNS = [
  'id',
  'status',
  'firstName',
  'ageBracket',
  'parentConsentAt',
  'parentConsentChannel',
  'channel',
  'createdAt',
  'attended',
  'feedback',
] as const;
type SignupRow = Partial<
  Pick<
    Signup,
    'id' | 'status' | 'firstName' | 'ageBracket' | 'parentConsent' | 'channel' | 'createdAt' | 'attended' | 'feedback'
  >
>;

/**
 * An opportunity's sign-ups, one per row (the API and the dashboard export the same file); times
 * in the bot's timezone, with their offset.
 */
export function signupsCsv(signups: SignupRow[], timezone: string): string {
  const local = (iso: string | undefined) => (iso === undefined ? undefined : isoWithOffset(iso, timezone));
  return toCsv(
    [...SIGNUP_COLUMNS],
    signups.map((s) => [
      s.id,
      s.status,
      s.firstName,
      s.ageBracket,
      local(s.parentConsent?.at),
      s.parentConsent?.channel,
      s.channel,
      local(s.createdAt),
      s.attended,
      s.feedback,
    ]),
  );
}

/** An opportunity's statistics, one day per row. */
export function statsCsv(days: readonly DayRow[]): string {
  return toCsv(
    [...DAY_COLUMNS],
    days.map((day) => DAY_COLUMNS.map((column) => day[column])),
  );
}
