/**
 * `npm run bench -- telegram-reply`: how long a person on Telegram waits for a whole reply. The bot
 * runs in its own process in webhook mode; this process plays a Bot API stand-in on loopback (it
 * answers every call at once and keeps each chat's last keyboard) and people chatting at the same
 * time: welcome, consent, age, a search ("jardin"), ▶ on the results, "Détails", "menu". The
 * webhook answers once the reply is sent, so a request's duration is the time from the update to
 * the last message of its reply. Prints one JSON line: p50 and p99 in milliseconds.
 *
 * BENCH_CHATS (default 10) people, each pausing BENCH_THINK_MS (default 1000) between messages, as
 * people do, while a broadcast to BENCH_BULK (default 1000) others goes out at the global rate
 * (Telegram's default 25 a second): the replies' lane must stay ahead of it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const WEBHOOK_SECRET = 'bench-secret';
const CHATS = Number(process.env.BENCH_CHATS ?? 10);
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
/** A broadcast to this many other people goes out during the whole run, at the global rate. */
const BULK = Number(process.env.BENCH_BULK ?? 1000);

interface Button {
  text: string;
  callback_data?: string;
}

/** The Bot API stand-in: every call succeeds at once; each chat's last inline keyboard is kept. */
function startBotApi(): Promise<{
  root: string;
  keyboards: Map<string, Button[][]>;
  calls: () => number;
  close(): void;
}> {
  const keyboards = new Map<string, Button[][]>();
  let count = 0;
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      count++;
      const method = /\/bot[^/]+\/(\w+)/.exec(request.url ?? '')?.[1] ?? '';
      const body = (chunks.length ? JSON.parse(Buffer.concat(chunks).toString()) : {}) as Record<string, unknown>;
      const markup = body.reply_markup as { inline_keyboard?: Button[][] } | undefined;
      if (markup?.inline_keyboard) keyboards.set(String(body.chat_id), markup.inline_keyboard);
      const result =
        method === 'getMe'
          ? { id: 1, is_bot: true, first_name: 'Bot', username: 'BenchBot' }
          : {
              message_id: count,
              date: Math.floor(Date.now() / 1000),
              chat: { id: Number(body.chat_id), type: 'private' },
            };
      const text = JSON.stringify({ ok: true, result });
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      response.end(text);
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolve({ root: `http://127.0.0.1:${port}`, keyboards, calls: () => count, close: () => server.close() });
    });
  });
}

function startBot(apiRoot: string): Promise<{ child: ChildProcess; port: number }> {
  const args = [path.join(__dirname, 'telegram-server.js'), apiRoot, WEBHOOK_SECRET, String(BULK)];
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bot exited with ${code}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /port (\d+)/.exec(chunk.toString());
      if (match) resolve({ child, port: Number(match[1]) });
    });
  });
}

const agent = new http.Agent({ keepAlive: true });

function postUpdate(port: number, update: unknown): Promise<number> {
  const body = JSON.stringify(update);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/webhooks/telegram',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          'X-Telegram-Bot-Api-Secret-Token': WEBHOOK_SECRET,
        },
      },
      (response) => {
        response.resume();
        response.on('end', () =>
          response.statusCode === 200
            ? resolve(performance.now() - started)
            : reject(new Error(`webhook answered ${response.statusCode}`)),
        );
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let updateId = 0;

/** One person's conversation; returns the duration of each reply. */
async function person(chatId: number, port: number, keyboards: Map<string, Button[][]>): Promise<number[]> {
  const from = { id: chatId, is_bot: false, first_name: 'Bench', language_code: 'fr' };
  const chat = { id: chatId, type: 'private' };
  const text = (value: string) => ({
    update_id: ++updateId,
    message: { message_id: updateId, date: Math.floor(Date.now() / 1000), chat, from, text: value },
  });
  const tap = (data: string) => ({
    update_id: ++updateId,
    callback_query: { id: `q${updateId}`, from, chat_instance: 'c', data, message: { message_id: 1, date: 0, chat } },
  });
  const button = (label: string) => {
    const found = (keyboards.get(String(chatId)) ?? []).flat().find((candidate) => candidate.text === label);
    if (!found?.callback_data) throw new Error(`no "${label}" button for chat ${chatId}`);
    return found.callback_data;
  };
  const steps: Array<() => unknown> = [
    () => text('/start'),
    () => tap('welcome.hello/accept'),
    () => tap('welcome.age/young'),
    () => text('jardin'),
    () => tap(button('▶')),
    () => tap(button('Détails')),
    () => text('menu'),
  ];
  const durations: number[] = [];
  // People do not start in the same millisecond.
  await sleep(THINK_MS * Math.random());
  for (const step of steps) {
    durations.push(await postUpdate(port, step()));
    await sleep(THINK_MS * (0.5 + Math.random()));
  }
  return durations;
}

const STEP_NAMES = ['start', 'consent', 'age', 'search', 'next_page', 'details', 'menu'];

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)];

export async function benchTelegramReply(): Promise<void> {
  const api = await startBotApi();
  const bot = await startBot(api.root);
  try {
    const durations: number[] = [];
    const byStep = STEP_NAMES.map((): number[] => []);
    for (let round = 0; round < ROUNDS; round++) {
      const base = 1_000_000 * (round + 1);
      const all = await Promise.all(Array.from({ length: CHATS }, (_, i) => person(base + i, bot.port, api.keyboards)));
      if (round === 0) continue; // the first round warms the process up
      durations.push(...all.flat());
      for (const chat of all) chat.forEach((ms, step) => byStep[step].push(ms));
    }
    durations.sort((a, b) => a - b);
    const stepP99 = Object.fromEntries(
      STEP_NAMES.map((name, step) => [
        name,
        Number(
          percentile(
            byStep[step].sort((a, b) => a - b),
            0.99,
          ).toFixed(1),
        ),
      ]),
    );
    process.stdout.write(
      `${JSON.stringify({
        bench: 'telegram-reply',
        chats: CHATS,
        think_ms: THINK_MS,
        bulk_during_run: BULK,
        replies: durations.length,
        p50_ms: Number(percentile(durations, 0.5).toFixed(1)),
        p99_ms: Number(percentile(durations, 0.99).toFixed(1)),
        max_ms: Number(durations[durations.length - 1].toFixed(1)),
        p99_ms_by_step: stepP99,
        target_p99_ms: 300,
        api_calls: api.calls(),
      })}\n`,
    );
  } finally {
    bot.child.removeAllListeners('exit');
    bot.child.kill('SIGINT');
    api.close();
    agent.destroy();
  }
}
