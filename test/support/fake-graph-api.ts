/** A Graph API stand-in on loopback: records calls, answers through `respond` (errors included). */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import multer from 'multer';

export interface GraphCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
  /** The access token the call was made with. */
  token?: string;
}

export interface FakeGraphApi {
  root: string;
  calls: GraphCall[];
  respond: (call: GraphCall) => { status: number; body: unknown } | undefined;
  messages(): GraphCall[];
  close(): Promise<void>;
}

export async function startFakeGraphApi(): Promise<FakeGraphApi> {
  const app = express();
  const fake: FakeGraphApi = {
    root: '',
    calls: [],
    respond: () => undefined,
    messages: () => fake.calls.filter((call) => call.path === '/v23.0/me/messages'),
    close: async () => undefined,
  };
  app.use(express.json());
  // Attachment uploads are multipart: JSON fields as text, the file under `filedata`.
  app.use(multer({ storage: multer.memoryStorage() }).single('filedata'));
  app.all(/.*/, (request, response) => {
    const token = typeof request.query.access_token === 'string' ? request.query.access_token : undefined;
    const body = { ...((request.body ?? {}) as Record<string, unknown>) };
    if (request.file) {
      for (const [name, value] of Object.entries(body))
        if (typeof value === 'string' && /^[[{]/.test(value)) body[name] = JSON.parse(value) as unknown;
      body.filedata = {
        filename: request.file.originalname,
        type: request.file.mimetype,
        content: request.file.buffer.toString('utf8'),
      };
    }
    const call = { method: request.method, path: request.path, body, ...(token ? { token } : {}) };
    fake.calls.push(call);
    const answer =
      fake.respond(call) ??
      (call.path === '/v23.0/me'
        ? { status: 200, body: { id: '1234', username: 'asso.mobilisation' } }
        : { status: 200, body: { recipient_id: 'x', message_id: `mid.${fake.calls.length}` } });
    response.status(answer.status).json(answer.body);
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  fake.root = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v23.0`;
  fake.close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return fake;
}
