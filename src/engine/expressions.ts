/** Flow values: literals, or `$name.path` references into the session's variables. */
import type { JsonValue, Vars } from './types';

export function evaluate(expression: JsonValue, scope: Vars): JsonValue {
  if (typeof expression !== 'string' || !expression.startsWith('$')) return expression;
  let value: JsonValue | undefined = scope;
  for (const part of expression.slice(1).split('.')) {
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
