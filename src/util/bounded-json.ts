/**
 * JSON read with its nesting bounded before it is parsed: a body of thousands of nested arrays is
 * cheap to send and makes every recursive step after parsing (validation, storage, logging) overflow
 * the stack. No payload the bot accepts comes near the bound.
 */

export const MAX_JSON_DEPTH = 32;

/** Whether the text nests objects and arrays deeper than `max`; counted in one pass, strings skipped. */
export function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c) i++;
      else if (code === 0x22) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x7b || code === 0x5b) {
      if (++depth > max) return true;
    } else if (code === 0x7d || code === 0x5d) depth--;
  }
  return false;
}

export type JsonRead = { ok: true; value: unknown } | { ok: false; error: string };

export function readJson(text: string, maxDepth = MAX_JSON_DEPTH): JsonRead {
  if (nestsDeeperThan(text, maxDepth)) return { ok: false, error: `the body nests deeper than ${maxDepth} levels` };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, error: 'the body is not valid JSON' };
  }
}

/** The body is too deep to read: the client's 400, said by the HTTP frame's error handler. */
class TooDeepError extends Error {
  readonly status = 400;
  readonly type = 'entity.too.deep';
  readonly expose = true;
}

/**
 * A body parser's `verify` step (`express.json({ verify: refuseDeepJson() })`) that refuses bodies
 * nested deeper than `maxDepth` before they are parsed.
 */
export function refuseDeepJson(maxDepth = MAX_JSON_DEPTH): (request: unknown, response: unknown, body: Buffer) => void {
  return (_request, _response, body) => {
    if (nestsDeeperThan(body.toString('utf8'), maxDepth))
      throw new TooDeepError(`the body nests deeper than ${maxDepth} levels`);
  };
}
