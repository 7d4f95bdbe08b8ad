/** Wall-clock times in a named timezone, without a date library: Intl knows the offsets. */

function offsetMinutes(instant: number, timezone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: timezone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return Math.round((asUtc - Math.floor(instant / 1000) * 1000) / 60000);
}

/** The instant at which the wall clock in `timezone` shows this date and time. */
export function zonedTime(date: { year: number; month: number; day: number }, time: string, timezone: string): Date {
  const [hours, minutes] = time.split(':').map(Number);
  const wall = Date.UTC(date.year, date.month - 1, date.day, hours, minutes);
  // Two passes settle the offset on either side of a daylight-saving change.
  let instant = wall - offsetMinutes(wall, timezone) * 60000;
  instant = wall - offsetMinutes(instant, timezone) * 60000;
  return new Date(instant);
}

/** The calendar date in `timezone`, `days` after the one `from` falls on. */
export function localDatePlusDays(
  from: Date,
  days: number,
  timezone: string,
): { year: number; month: number; day: number } {
  const [year, month, day] = new Intl.DateTimeFormat('en-CA', {
    timeZone: timezone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  })
    .format(from)
    .split('-')
    .map(Number);
  const shifted = new Date(Date.UTC(year, month - 1, day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}

/**
 * An instant as ISO 8601 with the offset of `timezone` ("2026-12-12T14:00:00+01:00"): what a
 * spreadsheet shows as the local time, with nothing lost.
 */
export function isoWithOffset(iso: string, timezone: string): string {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return iso;
  const offset = offsetMinutes(instant, timezone);
  const local = new Date(Math.floor(instant / 1000) * 1000 + offset * 60000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${local}${sign}${hours}:${minutes}`;
}
