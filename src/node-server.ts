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
import http from 'node:http';
import type { Express } from 'express';

export function nodeServer(app: Express): http.Server {
  // Plain functions, not classes: `prototype` must be express's own objects, which a class cannot have.
  function ExpressRequest(this: http.IncomingMessage, ...args: ConstructorParameters<typeof http.IncomingMessage>) {
    http.IncomingMessage.call(this, ...args);
  }
  ExpressRequest.prototype = app.request;
  function ExpressResponse(this: http.ServerResponse, ...args: ConstructorParameters<typeof http.ServerResponse>) {
    http.ServerResponse.call(this, ...args);
  }
  ExpressResponse.prototype = app.response;
  return http.createServer(
    {
      IncomingMessage: ExpressRequest as unknown as typeof http.IncomingMessage,
      ServerResponse: ExpressResponse as unknown as typeof http.ServerResponse,
    },
    app,
  );
}
