/**
 * The HTTP frame around the routes: health, the channels' routes, the admin API and dashboard, then
 * "not found" and the error handler (a body we cannot read is the client's 4xx, anything else a
 * logged 500 that says nothing of the inside); and the Node server that carries it.
 */
import { createServer, IncomingMessage, ServerResponse, type Server } from 'node:http';
import express, { type ErrorRequestHandler, type Express, type Router } from 'express';
import type { Store } from './domain/ports';
import type { Logger } from './util/logger';

export interface HttpParts {
  store: Pick<Store, 'health'>;
  /** In order: the channels' routes, static files, then the admin API and dashboard. */
  routers: Router[];
  logger: Logger;
  /** Which proxies may say who the client is (`TRUST_PROXY`); none by default. */
  trustProxy?: number | string[];
}

const BODY_ERRORS: Record<string, string> = {
  'entity.parse.failed': 'the body is not valid JSON',
  'entity.too.large': 'the body is too large',
};

export function httpServer(parts: HttpParts): Express {
  const http = express();
  http.disable('x-powered-by');
  // Answers to chat messages are never fetched twice: hashing each for an ETag is wasted work.
  http.set('etag', false);
  // Off unless configured: otherwise anyone could pick the address the login limits count by.
  http.set('trust proxy', parts.trustProxy ?? false);

  http.get('/healthz', async (_request, response) => {
    const health = await parts.store
      .health()
      .catch((error: unknown) => ({ ok: false, kind: 'unknown', detail: String(error) }));
    response.status(health.ok ? 200 : 503).json({ status: health.ok ? 'ok' : 'unavailable', store: health });
  });
  http.get('/', (_request, response) => response.redirect('/chat'));
  for (const router of parts.routers) http.use(router);
  http.use((_request, response) => {
    response.status(404).json({ error: 'not found' });
  });
  const handleError: ErrorRequestHandler = (error: unknown, request, response, _next) => {
    const { status, type, message } = (error ?? {}) as { status?: unknown; type?: unknown; message?: unknown };
    // Body-parser errors carry a 4xx status: the client sent something we cannot read.
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const said = (typeof type === 'string' && BODY_ERRORS[type]) || (typeof message === 'string' ? message : '');
      response.status(status).json({ error: said || 'bad request' });
      return;
    }
    parts.logger.error('request failed', { method: request.method, path: request.path, error: String(error) });
    response.status(500).json({ error: 'internal error; it has been logged' });
  };
  http.use(handleError);
  return http;
}

/**
 * The Node HTTP server that carries the express app. Express hands every request and response its
 * own prototype (`app.request`, `app.response`) with `Object.setPrototypeOf`, once per request. V8
 * then gives each one new hidden classes: every property access in express and its middleware
 * falls off its fast path, and short-lived objects linger into the old generation (measured on a
 * bare express echo: 86 µs a request, and about 7 MB surviving each minor GC, against 32 µs and
 * nothing). Node can build the request and response from our constructors instead (its
 * `IncomingMessage` and `ServerResponse` options), so they are born with express's prototypes and
 * express's own swap changes nothing. Same code, same behaviour; see expressjs/express#5998.
 */
export function nodeServer(app: Express): Server {
  // Plain functions, not classes: `prototype` must be express's own objects, which a class cannot have.
  function ExpressRequest(this: IncomingMessage, ...args: ConstructorParameters<typeof IncomingMessage>) {
    IncomingMessage.call(this, ...args);
  }
  ExpressRequest.prototype = app.request;
  function ExpressResponse(this: ServerResponse, ...args: ConstructorParameters<typeof ServerResponse>) {
    ServerResponse.call(this, ...args);
  }
  ExpressResponse.prototype = app.response;
  return createServer(
    {
      IncomingMessage: ExpressRequest as unknown as typeof IncomingMessage,
      ServerResponse: ExpressResponse as unknown as typeof ServerResponse,
    },
    app,
  );
}
