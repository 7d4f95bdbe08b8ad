/** The Node server that carries the express app: requests born with express's prototypes, behaviour unchanged. */
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { nodeServer } from '../src/http-server';
import { ROOT } from './support/bot';

async function serve(app: express.Express, seen: (request: IncomingMessage, response: ServerResponse) => void) {
  const server = nodeServer(app);
  // Runs before express does: what Node built, before express's own prototype swap.
  server.prependListener('request', seen);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise((resolve) => server.close(resolve)) };
}

describe('the Node server around the express app', () => {
  it("builds every request and response with express's prototypes, so express never swaps one", async () => {
    const app = express();
    app.get('/ping', (_request, response) => {
      response.json({ ok: true });
    });
    const born: boolean[] = [];
    const running = await serve(app, (request, response) => {
      born.push(Object.getPrototypeOf(request) === app.request, Object.getPrototypeOf(response) === app.response);
    });
    try {
      await fetch(`${running.url}/ping`);
      await fetch(`${running.url}/ping`);
    } finally {
      await running.close();
    }
    expect(born).toEqual([true, true, true, true]);
  });

  it('serves express as before: body parsing, query, address, status, headers and errors', async () => {
    const app = express();
    app.set('trust proxy', 1);
    app.post('/echo', express.json(), (request, response) => {
      response
        .status(201)
        .set('X-Seen', typeof request.query.q === 'string' ? request.query.q : '')
        .json({ body: request.body as unknown, ip: request.ip, host: request.hostname });
    });
    app.get('/fail', () => {
      throw new Error('boom');
    });
    app.use(((error, _request, response, _next) => {
      response.status(418).json({ error: String((error as Error).message) });
    }) as express.ErrorRequestHandler);
    const running = await serve(app, () => undefined);
    try {
      const posted = await fetch(`${running.url}/echo?q=jardin`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.9' },
        body: JSON.stringify({ text: 'salut' }),
      });
      expect(posted.status).toBe(201);
      expect(posted.headers.get('x-seen')).toBe('jardin');
      expect(await posted.json()).toEqual({ body: { text: 'salut' }, ip: '203.0.113.9', host: '127.0.0.1' });
      const failed = await fetch(`${running.url}/fail`);
      expect(failed.status).toBe(418);
      expect(await failed.json()).toEqual({ error: 'boom' });
    } finally {
      await running.close();
    }
  });

  it("is what `npm start`'s entry point and the engine benchmark's bot listen with; the echo stays plain", () => {
    const source = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');
    expect(source('src/main.ts')).toMatch(/nodeServer\(app\.http\)\.listen\(config\.port/);
    const bench = source('bench/engine-server.ts');
    expect(bench).toMatch(/server = nodeServer\(app\.http\)\.listen\(/);
    expect(bench).toMatch(/server = http\.listen\(/);
  });
});
