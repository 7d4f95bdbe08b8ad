/** Dashboard forms ↔ the API's shapes: dotted names to objects, local date-times in the bot's timezone. */
import { zonedTime } from '../../domain/time';

const localFormats = new Map<string, Intl.DateTimeFormat>();

/** An instant as the `datetime-local` value the coordinator reads: wall time in `timezone`. */
export function toLocalInput(iso: string | undefined, timezone: string): string {
  if (!iso) return '';
  let format = localFormats.get(timezone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    localFormats.set(timezone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(iso)).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/**
 * A `datetime-local` value, read in `timezone`; undefined when empty, the raw text when unreadable (so
 * validation names it).
 */
export function fromLocalInput(value: string | undefined, timezone: string): string | undefined {
  if (!value) return undefined;
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}:\d{2})$/.exec(value);
  if (!match) return value;
  return zonedTime(
    { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) },
    match[4],
    timezone,
  ).toISOString();
}

type FormBody = Record<string, string | string[] | undefined>;

const one = (value: string | string[] | undefined): string =>
  (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();

/** The opportunity form as the API's body. */
export function opportunityBody(form: FormBody, timezone: string): Record<string, unknown> {
  const text = (name: string) => one(form[name]) || undefined;
  const localised = (name: string) => {
    const fr = text(`${name}.fr`);
    const en = text(`${name}.en`);
    return { ...(fr ? { fr } : {}), ...(en ? { en } : {}) };
  };
  const number = (name: string) => (text(name) === undefined ? undefined : Number(text(name)));
  const themes = form.themes === undefined ? [] : Array.isArray(form.themes) ? form.themes : [form.themes];
  const body: Record<string, unknown> = {
    kind: text('kind'),
    title: localised('title'),
    summary: localised('summary'),
    description: localised('description'),
    region: text('region'),
    city: text('city'),
    address: text('address'),
    remote: form.remote === 'on',
    themes,
    startsAt: fromLocalInput(text('startsAt'), timezone),
    endsAt: fromLocalInput(text('endsAt'), timezone),
    capacity: number('capacity'),
    minAge: number('minAge'),
    mediaUrl: text('mediaUrl'),
  };
  // Empty fields stay as undefined: on an edit, emptying a field removes its value.
  return body;
}

/** The fields a form sent, as strings, to show a refused form as it was typed. */
export function formValues(form: FormBody): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(form))
    if (key !== '_csrf') values[key] = Array.isArray(value) ? value.join(',') : (value ?? '');
  return values;
}
