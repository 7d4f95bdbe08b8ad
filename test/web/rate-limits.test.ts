/** The web chat's burst limits: per visitor, then per address, each answered 429 with Retry-After. */
import type { AddressInfo } from 'node:net';
import express from 'express';
import { webChatRouter } from '../../src/channels/web/router';
import { loadTranslator } from '../../src/engine/i18n';
import { createEmbeddedStore } from '../../src/store/embedded';
import path from 'node:path';
import { ROOT } from '../support/bot';

describe('web chat burst limits', () => {
  it('refuses a visitor past their share, then an address past its own, saying when to come back', async () => {
    const store = createEmbeddedStore();
    const app = express();
    app.use(
      webChatRouter({
        conversation: { handle: async () => ({ contactId: 'c', locale: 'fr', messages: [], duplicate: false }) },
        translator: loadTranslator(path.join(ROOT, 'locales')),
        publicDir: path.join(ROOT, 'src', 'channels', 'web', 'public'),
        mailbox: store.mailbox,
        personalData: async () => undefined,
        limits: { perVisitor: 3, perAddress: 5, windowMs: 60_000 },
      }),
    );
    const server = app.listen(0);
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/chat/api/messages`;
    const send = (visitorId: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ visitorId, text: 'jardin' }),
      });
    try {
      const first = 'visitor-aaaaaaaaaaaaaaaa';
      const second = 'visitor-bbbbbbbbbbbbbbbb';
      const statuses = [];
      for (let i = 0; i < 4; i++) statuses.push((await send(first)).status);
      expect(statuses).toEqual([200, 200, 200, 429]);
      expect((await send(second)).status).toBe(200);
      const refused = await send(second);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused.json()).toEqual({ error: 'too many messages; wait before sending again' });
    } finally {
      server.close();
      await store.close();
    }
  });
});
