/**
 * A process killed (SIGKILL) between two messages of one reply: after restart, the rest of the reply
 * goes out, and the message that was in flight is not sent a second time.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { signBody } from '../../src/channels/messenger/signature';
import { startApp } from '../support/server';
import { createEmbeddedStore } from '../../src/store/embedded';

interface GraphStandIn {
  url: string;
  texts: string[];
  /** While true, a send is recorded and left unanswered (the process dies waiting). */
  hang: boolean;
  close(): Promise<void>;
}

async function graphStandIn(): Promise<GraphStandIn> {
  const standIn: GraphStandIn = { url: '', texts: [], hang: true, close: async () => undefined };
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      if (request.url?.startsWith('/v23.0/me/messages')) {
        const sent = JSON.parse(body) as { message: { text?: string } };
        standIn.texts.push(sent.message.text ?? '(attachment)');
        if (standIn.hang) return;
      }
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify({ id: '1234', username: 'page', recipient_id: 'P1', message_id: 'mid' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  standIn.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v23.0`;
  standIn.close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return standIn;
}

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('a reply interrupted by a crash', () => {
  it('is resumed after restart: the rest is sent, the message in flight is not sent twice', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reply-crash-'));
    const graph = await graphStandIn();
    const child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'reply-crash-runner.ts'), dir, graph.url],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise((resolve) => child.once('exit', resolve));
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    try {
      await until(() => /listening (\d+)/.test(output), 'the bot to listen');
      const port = /listening (\d+)/.exec(output)![1];
      const body = JSON.stringify({
        object: 'page',
        entry: [
          {
            id: '1234',
            messaging: [
              {
                sender: { id: 'P1' },
                timestamp: Date.now(),
                postback: { mid: 'm-start', payload: 'GET_STARTED', title: 'Démarrer' },
              },
            ],
          },
        ],
      });
      const acknowledged = await fetch(`http://127.0.0.1:${port}/webhooks/messenger`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Hub-Signature-256': signBody(body, 'app-secret') },
        body,
      });
      expect(acknowledged.status).toBe(200);
      // The welcome's first message reached Meta; the process dies before the consent question.
      await until(() => graph.texts.length === 1, 'the first message of the reply');
      child.kill('SIGKILL');
      await exited;
      expect(graph.texts).toEqual([expect.stringMatching(/^Salut/)]);

      graph.hang = false;
      const store = createEmbeddedStore({ dir });
      const restarted = await startApp({
        store,
        now: new Date(),
        env: {
          DEMO_DATA: 'false',
          MESSENGER_PAGE_TOKEN: 'page-token',
          MESSENGER_APP_SECRET: 'app-secret',
          MESSENGER_VERIFY_TOKEN: 'verify',
          MESSENGER_GRAPH_URL: graph.url,
        },
      });
      await restarted.app.start();
      await restarted.app.messenger!.drain();
      await restarted.close();

      // The welcome once, then the rest of the reply (the consent question), nothing twice.
      expect(graph.texts[0]).toMatch(/^Salut/);
      expect(graph.texts.length).toBeGreaterThan(1);
      expect(graph.texts.slice(1).some((text) => /^Salut/.test(text))).toBe(false);
      expect(new Set(graph.texts).size).toBe(graph.texts.length);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await graph.close();
    }
  }, 60_000);
});
