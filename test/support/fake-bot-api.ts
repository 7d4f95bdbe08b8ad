/**
 * A Bot API stand-in on loopback: records every call and answers through `respond`, so tests can
 * make Telegram fail the way it does (429, 403, 400...).
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import multer from 'multer';

export interface BotApiCall {
  method: string;
  body: Record<string, unknown>;
}

export type BotApiResponder = (call: BotApiCall) => { status: number; body: unknown } | undefined;

export interface FakeBotApi {
  root: string;
  calls: BotApiCall[];
  respond: BotApiResponder;
  close(): Promise<void>;
}

const ok = (result: unknown) => ({ status: 200, body: { ok: true, result } });

export async function startFakeBotApi(): Promise<FakeBotApi> {
  const app = express();
  const fake: FakeBotApi = { root: '', calls: [], respond: () => undefined, close: async () => undefined };
  // Files (sendDocument) come as multipart form data: recorded as { filename, content }.
  const files = multer({ storage: multer.memoryStorage() }).any();
  app.post('/bot:token/:method', express.json(), files, (request, response) => {
    const uploads = (request.files ?? []) as Express.Multer.File[];
    const body = { ...((request.body ?? {}) as Record<string, unknown>) };
    for (const file of uploads)
      body[file.fieldname] = { filename: file.originalname, content: file.buffer.toString('utf8') };
    const call = { method: String(request.params.method), body };
    fake.calls.push(call);
    const answer =
      fake.respond(call) ??
      (call.method === 'getMe'
        ? ok({ id: 1, is_bot: true, first_name: 'Bot', username: 'MobilisationBot' })
        : ok(true));
    response.status(answer.status).json(answer.body);
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  fake.root = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return fake;
}
