/** Flow values: literals, or `$name.path` references into the session's variables. */
import type { JsonValue, Vars } from './types';

/** `$a.b` → ["a", "b"]: flows hold a few hundred references, each evaluated on every visit. */
const paths = new Map<string, string[]>();

function pathOf(reference: string): string[] {
  let path = paths.get(reference);
  if (!path) {
    // Only flows' own references come here; the bound is in case that ever changes.
    if (paths.size > 10_000) paths.clear();
    paths.set(reference, (path = reference.slice(1).split('.')));
  }
  return path;
}

export function evaluate(expression: JsonValue, scope: Vars): JsonValue {
  if (typeof expression !== 'string' || !expression.startsWith('$')) return expression;
  let value: JsonValue | undefined = scope;
  for (const part of pathOf(expression)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
    value = value[part];
  }
  return value ?? null;
}

export function evaluateAll(expressions: Record<string, JsonValue> | undefined, scope: Vars): Vars {
  const result: Vars = {};
  for (const [name, expression] of Object.entries(expressions ?? {})) result[name] = evaluate(expression, scope);
  return result;
}

export function isTruthy(value: JsonValue): boolean {
  if (Array.isArray(value)) return value.length > 0;
  return value !== null && value !== false && value !== '' && value !== 0;
}
