/**
 * When a typed search says when: "ce week-end", "demain", "en décembre", "this month"... The phrase
 * becomes a window on the start date, in the bot's timezone, and leaves the words to search.
 */
import { localDatePlusDays, zonedTime } from './time';
import { foldText } from './text';

export interface DateWindow {
  /** The first instant of the window (the start of its first day). */
  from: Date;
  /** The instant the window ends, excluded. */
  before: Date;
}

interface LocalDate {
  year: number;
  month: number;
  day: number;
}

type Range = (today: LocalDate, weekday: number) => { first: LocalDate; afterLast: LocalDate };

const MONTHS = [
  ['janvier', 'january', 'jan'],
  ['fevrier', 'february', 'feb', 'fev'],
  ['mars', 'march'],
  ['avril', 'april', 'avr'],
  ['mai', 'may'],
  ['juin', 'june'],
  ['juillet', 'july', 'juil'],
  ['aout', 'august'],
  ['septembre', 'september', 'sept'],
  ['octobre', 'october', 'oct'],
  ['novembre', 'november', 'nov'],
  ['decembre', 'december', 'dec'],
];

const plusDays = (date: LocalDate, days: number): LocalDate => {
  const shifted = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
};
const firstOfMonth = (year: number, month: number): LocalDate => {
  const normalised = new Date(Date.UTC(year, month - 1, 1));
  return { year: normalised.getUTCFullYear(), month: normalised.getUTCMonth() + 1, day: 1 };
};
/** Days until next Monday, from a weekday numbered 1 (Monday) to 7 (Sunday). */
const toMonday = (weekday: number) => 8 - weekday;

const days =
  (start: number, length: number): Range =>
  (today) => ({ first: plusDays(today, start), afterLast: plusDays(today, start + length) });

// Saturday and Sunday; on a weekend day, the one under way.
const weekend: Range = (today, weekday) => {
  const afterLast = plusDays(today, toMonday(weekday));
  return { first: weekday >= 6 ? today : plusDays(afterLast, -2), afterLast };
};
const nextWeekend: Range = (today, weekday) => {
  const monday = plusDays(today, toMonday(weekday));
  return { first: plusDays(monday, 5), afterLast: plusDays(monday, 7) };
};
const thisWeek: Range = (today, weekday) => days(0, toMonday(weekday))(today, weekday);
const nextWeek: Range = (today, weekday) => days(toMonday(weekday), 7)(today, weekday);
const month =
  (offset: number): Range =>
  (today) => ({
    first: offset === 0 ? today : firstOfMonth(today.year, today.month + offset),
    afterLast: firstOfMonth(today.year, today.month + offset + 1),
  });
// A month by name: this one (from today), or the next time it comes.
const namedMonth =
  (number: number): Range =>
  (today) => {
    if (number === today.month) return month(0)(today, 0);
    const year = number > today.month ? today.year : today.year + 1;
    return { first: firstOfMonth(year, number), afterLast: firstOfMonth(year, number + 1) };
  };

// Folded phrases.
const NAMED: Record<string, Range> = {
  'apres demain': days(2, 1),
  'day after tomorrow': days(2, 1),
  'aujourd hui': days(0, 1),
  aujourdhui: days(0, 1),
  'ce soir': days(0, 1),
  today: days(0, 1),
  tonight: days(0, 1),
  demain: days(1, 1),
  tomorrow: days(1, 1),
  'le week end prochain': nextWeekend,
  'week end prochain': nextWeekend,
  'le weekend prochain': nextWeekend,
  'weekend prochain': nextWeekend,
  'next weekend': nextWeekend,
  'next week end': nextWeekend,
  'ce week end': weekend,
  'ce weekend': weekend,
  'ce we': weekend,
  'this weekend': weekend,
  'this week end': weekend,
  'le week end': weekend,
  'le weekend': weekend,
  'the weekend': weekend,
  'week end': weekend,
  weekend: weekend,
  'la semaine prochaine': nextWeek,
  'semaine prochaine': nextWeek,
  'next week': nextWeek,
  'cette semaine': thisWeek,
  'this week': thisWeek,
  'le mois prochain': month(1),
  'mois prochain': month(1),
  'next month': month(1),
  'ce mois ci': month(0),
  'ce mois': month(0),
  'this month': month(0),
};

const MONTH_PHRASES: Array<[string, Range]> = MONTHS.flatMap((names, index) =>
  names.flatMap((name, position) => {
    const range = namedMonth(index + 1);
    // Alone, only full names: "dec" or "oct" may mean something else, and "may" surely does.
    const alone = position < 2 && name !== 'may' ? [name] : [];
    return [`en ${name}`, `in ${name}`, ...alone].map((phrase): [string, Range] => [phrase, range]);
  }),
);

// Longest first, so "apres demain" is not read as "demain".
const PHRASES: Array<[string, Range]> = [...Object.entries(NAMED), ...MONTH_PHRASES].sort(
  (a, b) => b[0].length - a[0].length,
);

function weekdayIn(instant: Date, timezone: string): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: timezone, weekday: 'short' }).format(instant);
  return ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(name) + 1;
}

/**
 * Finds the first date phrase in a typed search. Returns the window it names and the text without
 * it; undefined when the text names no date.
 */
export function extractDateWindow(
  text: string,
  now: Date,
  timezone: string,
): { window: DateWindow; rest: string } | undefined {
  const words = ` ${foldText(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()} `;
  for (const [phrase, range] of PHRASES) {
    const at = words.indexOf(` ${phrase} `);
    if (at < 0) continue;
    const today = localDatePlusDays(now, 0, timezone);
    const { first, afterLast } = range(today, weekdayIn(now, timezone));
    const rest = `${words.slice(0, at)} ${words.slice(at + phrase.length + 2)}`.replace(/\s+/g, ' ').trim();
    return {
      window: { from: zonedTime(first, '00:00', timezone), before: zonedTime(afterLast, '00:00', timezone) },
      rest,
    };
  }
  return undefined;
}
