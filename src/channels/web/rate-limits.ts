/**
 * The web chat's limits on bursts: per visitor (a script hammering from one browser) and per address
 * (many visitor ids from one machine), generous enough for a classroom behind one address. Counters
 * are kept in this process: with several processes, each counts its own share.
 */
import type { Request, RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';

export interface ChatLimits {
  /** Messages one visitor may send in `windowMs`. */
  perVisitor: number;
  /** Messages one address may send in `windowMs`. */
  perAddress: number;
  windowMs: number;
}

/** A person types or taps at most a message a second or two; a class of thirty shares one address. */
export const DEFAULT_CHAT_LIMITS: ChatLimits = { perVisitor: 20, perAddress: 600, windowMs: 60_000 };

const addressOf = (request: Request) => ipKeyGenerator(request.ip ?? 'unknown');

function limiter(limit: number, windowMs: number, key: (request: Request) => string): RequestHandler {
  return rateLimit({
    windowMs,
    limit,
    // No RateLimit headers on every answer (computing them costs a hash per message); Retry-After
    // is set on a refusal only.
    standardHeaders: false,
    legacyHeaders: false,
    keyGenerator: key,
    // The page says it in the visitor's words (`web.too_fast`); Retry-After says when.
    handler: (request, response, _next, options) => {
      const resetTime = (request as Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const seconds = resetTime ? Math.ceil((resetTime.getTime() - Date.now()) / 1000) : options.windowMs / 1000;
      response
        .status(options.statusCode)
        .set('Retry-After', String(Math.max(1, seconds)))
        .json({ error: 'too many messages; wait before sending again' });
    },
  });
}

/**
 * Express works the address out again at every read of `request.ip` (the limiter reads it twice
 * more for its debug log, even with logging off): worked out once per request here.
 */
const addressOnce: RequestHandler = (request, _response, next) => {
  Object.defineProperty(request, 'ip', { value: request.ip, enumerable: true });
  next();
};

/** Per address first, then per visitor (the body is read by then). */
export function chatRateLimits(limits: ChatLimits = DEFAULT_CHAT_LIMITS): RequestHandler[] {
  const visitorOf = (request: Request) => {
    const visitorId: unknown = (request.body as { visitorId?: unknown } | undefined)?.visitorId;
    return typeof visitorId === 'string' ? `visitor:${visitorId}` : `address:${addressOf(request)}`;
  };
  return [
    addressOnce,
    limiter(limits.perAddress, limits.windowMs, addressOf),
    limiter(limits.perVisitor, limits.windowMs, visitorOf),
  ];
}
