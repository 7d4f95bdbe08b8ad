/**
 * What the fuzz suite throws at the bot: valid platform payloads with one part replaced by something
 * else (wrong types, nulls, hostile strings, deep nesting), arbitrary JSON, broken bodies, repeated
 * form fields and cookies that do not decode.
 */
import fc from 'fast-check';

/** Written into every string the suite sends: a page that shows it unescaped fails the suite. */
export const MARKERS = ['<b id="fz">', '"><svg onload=alert(1)>'];

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    '%',
    '50%',
    '%E0%A4%A',
    '\u0000',
    '\r',
    '\r\n',
    '\u202e',
    'a;=1+1',
    '=HYPERLINK("x")',
    '../../etc/passwd',
    '🙂'.repeat(30),
    'x'.repeat(5000),
    ...MARKERS,
  ),
);

const scalar = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.constantFrom(null, true, false, 0, -1, 2 ** 53, 1e308, Number.MAX_SAFE_INTEGER + 2),
);

/** Any JSON value, including the shapes platforms never send. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: scalar },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 4 }) },
);

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [prefix];
  const children = Array.isArray(value)
    ? value.flatMap((child, index) => paths(child, [...prefix, index]))
    : Object.entries(value).flatMap(([key, child]) => paths(child, [...prefix, key]));
  return [prefix, ...children];
}

function replaced(value: Json, path: (string | number)[], replacement: unknown, remove: boolean): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object') return replacement;
  const [head, ...rest] = path;
  if (Array.isArray(value)) {
    const copy: unknown[] = [...value];
    if (remove && rest.length === 0) copy.splice(Number(head), 1);
    else copy[Number(head)] = replaced(value[Number(head)], rest, replacement, remove);
    return copy;
  }
  const object = value as Record<string, Json>;
  const copy: Record<string, unknown> = { ...object };
  if (remove && rest.length === 0) delete copy[head];
  else copy[head] = replaced(object[head], rest, replacement, remove);
  return copy;
}

/** The template with one to three of its parts replaced or removed. */
export function mutated(template: Json): fc.Arbitrary<unknown> {
  const all = paths(template);
  const change = fc.record({ at: fc.nat(), replacement: anyJson, remove: fc.boolean() });
  return fc
    .array(change, { minLength: 1, maxLength: 3 })
    .map((changes) =>
      changes.reduce<unknown>(
        (current, { at, replacement, remove }) =>
          replaced(current as Json, all[at % all.length], replacement, remove && at % all.length !== 0),
        template,
      ),
    );
}

/** `depth` arrays inside each other, as text: building the value would overflow the test itself. */
export const deeplyNested = (depth: number, inner = '1'): string => '['.repeat(depth) + inner + ']'.repeat(depth);

/** A raw request body: mostly JSON (a mutated template, anything), sometimes not JSON at all. */
export function jsonBody(template: Json): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: mutated(template).map((value) => JSON.stringify(value) ?? 'null') },
    { weight: 2, arbitrary: anyJson.map((value) => JSON.stringify(value) ?? 'null') },
    { weight: 1, arbitrary: fc.integer({ min: 50, max: 6000 }).map((depth) => deeplyNested(depth)) },
    { weight: 1, arbitrary: hostileString },
  );
}

/** Form fields, some repeated, some named as the forms name theirs. */
export function formBody(names: string[], csrf: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const name = fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 10 }));
  return fc
    .tuple(csrf, fc.array(fc.tuple(name, hostileString), { maxLength: 12 }))
    .map(([token, fields]) => new URLSearchParams([['_csrf', token], ...fields]).toString());
}

/** A Cookie header: the real session (or not), plus cookies that do not decode. */
export function cookieHeader(session: string): fc.Arbitrary<string> {
  const stray = fc.oneof(
    fc.constantFrom('analytics=50%', 'mobot_admin=%E0%A4%A', 'lang=%', '=', ';;', 'a=b=c', 'mobot_lang=xx'),
    fc
      .tuple(fc.string({ maxLength: 8 }), hostileString)
      .map(([key, value]) => `${key}=${value.replace(/[^\x20-\x7e]/g, '')}`),
  );
  return fc
    .tuple(fc.boolean(), fc.array(stray, { maxLength: 3 }))
    .map(([signedIn, others]) => [...(signedIn ? [session] : []), ...others].join('; '));
}
