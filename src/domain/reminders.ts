/**
 * When reminders and follow-ups go out. Pure functions of the clock, in the bot's timezone, so the
 * rules (quiet hours, daylight-saving changes, late sign-ups) are tested without waiting.
 */
import { localDatePlusDays, zonedTime } from './time';

/** No reminder or follow-up between 22:00 and 08:00, local time (with the exception below). */
export const QUIET_START_HOUR = 22;
export const QUIET_END_HOUR = 8;

const hourFormatters = new Map<string, Intl.DateTimeFormat>();

function localHour(instant: Date, timezone: string): number {
  let format = hourFormatters.get(timezone);
  if (!format)
    hourFormatters.set(
      timezone,
      (format = new Intl.DateTimeFormat('en-GB', { timeZone: timezone, hour: '2-digit', hourCycle: 'h23' })),
    );
  return Number(format.format(instant));
}

/** When the quiet period `instant` falls in ends (08:00 local), or undefined outside quiet hours. */
export function quietHoursEnd(instant: Date, timezone: string): Date | undefined {
  const hour = localHour(instant, timezone);
  if (hour >= QUIET_END_HOUR && hour < QUIET_START_HOUR) return undefined;
  const date = localDatePlusDays(instant, hour >= QUIET_START_HOUR ? 1 : 0, timezone);
  return zonedTime(date, `${String(QUIET_END_HOUR).padStart(2, '0')}:00`, timezone);
}

export interface ReminderPlan {
  offsetMinutes: number;
  /** Now, or the end of quiet hours. */
  notBefore: Date;
}

/**
 * The reminder due now for a meeting, if any: the latest offset whose time has come (an earlier one
 * not sent by then is superseded, never sent late). None when the person signed up after that
 * offset's time (the confirmation told them), or once the meeting began. In quiet hours it waits
 * until 08:00, unless the meeting is within the next offset from then (waiting would make it late
 * or run into the next reminder): then it goes at once.
 */
export function planReminder(input: {
  startsAt: string;
  signedUpAt: string;
  offsetsMinutes: readonly number[];
  now: Date;
  timezone: string;
}): ReminderPlan | undefined {
  const start = Date.parse(input.startsAt);
  const now = input.now.getTime();
  if (now >= start) return undefined;
  const offsets = [...input.offsetsMinutes].sort((a, b) => b - a);
  const due = offsets.filter((offset) => start - offset * 60_000 <= now);
  if (due.length === 0) return undefined;
  const offsetMinutes = due[due.length - 1];
  if (Date.parse(input.signedUpAt) > start - offsetMinutes * 60_000) return undefined;
  const quietEnd = quietHoursEnd(input.now, input.timezone);
  if (!quietEnd) return { offsetMinutes, notBefore: input.now };
  const nextOffset = offsets[offsets.indexOf(offsetMinutes) + 1] ?? 0;
  const urgent = start <= quietEnd.getTime() + nextOffset * 60_000;
  return { offsetMinutes, notBefore: urgent ? input.now : quietEnd };
}

/** A meeting without an end is taken to last this long; longer ones are asked about after the first day. */
const ASSUMED_MEETING_MS = 3 * 3600_000;
const FOLLOW_UP_DELAY_MS = 3600_000;

/** When to ask whether the person came: an hour after the meeting, out of quiet hours. */
export function followUpTime(startsAt: string, endsAt: string | undefined, timezone: string): Date {
  const start = Date.parse(startsAt);
  const end =
    endsAt !== undefined && Date.parse(endsAt) - start <= 12 * 3600_000
      ? Date.parse(endsAt)
      : start + ASSUMED_MEETING_MS;
  const at = new Date(end + FOLLOW_UP_DELAY_MS);
  return quietHoursEnd(at, timezone) ?? at;
}
