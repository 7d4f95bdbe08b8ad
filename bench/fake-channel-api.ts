/**
 * The fan-out benchmark's stand-in for the Bot API, in its own process: it enforces a rate cap (a
 * token bucket of CAP per second with a twentieth of a second of burst; beyond it, 429), refuses a
 * few chats on their first message (429, retry after 1 s) and a few for good (403, blocked), and
 * counts what each chat received so duplicates show. `GET /stats` reports; prints `port <n>`.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

const CAP = Number(process.argv[2] ?? 1000);
const BURST = Math.max(1, CAP / 20);

let tokens = BURST;
let refilledAt = performance.now();
const received = new Map<string, number>();
const refusedOnce = new Set<string>();
const stats = { accepted: 0, duplicates: 0, rate_limited: 0, injected_429: 0, blocked: 0, first_at: 0, last_at: 0 };

function takeToken(): boolean {
  const now = performance.now();
  tokens = Math.min(BURST, tokens + ((now - refilledAt) * CAP) / 1000);
  refilledAt = now;
  if (tokens < 1) return false;
  tokens -= 1;
  return true;
}

function answer(response: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}

function sendMessage(chatId: string, response: http.ServerResponse): void {
  if (!takeToken()) {
    stats.rate_limited++;
    return answer(response, 429, {
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
  }
  const n = Number(chatId);
  if (n % 500 === 3) {
    stats.blocked++;
    return answer(response, 403, { ok: false, error_code: 403, description: 'Forbidden: bot was blocked by the user' });
  }
  if (n % 1000 === 7 && !refusedOnce.has(chatId)) {
    refusedOnce.add(chatId);
    stats.injected_429++;
    return answer(response, 429, {
      ok: false,
      error_code: 429,
      description: 'Too Many Requests: retry after 1',
      parameters: { retry_after: 1 },
    });
  }
  const count = (received.get(chatId) ?? 0) + 1;
  received.set(chatId, count);
  if (count > 1) stats.duplicates++;
  stats.accepted++;
  const now = Date.now();
  if (stats.first_at === 0) stats.first_at = now;
  stats.last_at = now;
  answer(response, 200, {
    ok: true,
    result: { message_id: stats.accepted, date: Math.floor(now / 1000), chat: { id: n, type: 'private' } },
  });
}

const server = http.createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/stats')
    return answer(response, 200, { ...stats, recipients: received.size });
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const method = /\/bot[^/]+\/(\w+)/.exec(request.url ?? '')?.[1] ?? '';
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      return answer(response, 400, { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' });
    }
    if (method === 'sendMessage') return sendMessage(String(body.chat_id), response);
    if (method === 'getMe')
      return answer(response, 200, {
        ok: true,
        result: { id: 1, is_bot: true, first_name: 'Bench', username: 'BenchBot' },
      });
    answer(response, 200, { ok: true, result: true });
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`port ${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => process.exit(0));
