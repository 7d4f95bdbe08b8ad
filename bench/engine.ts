/**
 * `npm run bench -- engine`: inbound web-chat events through the whole path (HTTP, engine, store on
 * disk), and the same requests against a bare express echo, each server in its own process while
 * this one plays many people chatting at once. The machine is shared and noisy, so the two are
 * measured in alternating rounds (echo, bot, echo, … echo): each bot round is compared with the
 * echo rounds on either side of it, and the medians are reported. Prints one JSON line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { productionNodeFlags } from './production-flags';

/** People chatting at the same instant; every one sends again as soon as answered (a closed loop). */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 1000);
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 3000);
/** Bot rounds; there is one more echo round, so every bot round has one on each side. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/** What a person does once welcomed, over and over: search, details, menu, discovery, help. */
const LOOP: Record<string, unknown>[] = [
  { text: 'jardin' },
  { payload: 'discover.show_results/details/potager-samedi' },
  { text: 'menu' },
  { payload: 'main.menu/discover' },
  { payload: 'discover.kind/volunteering' },
  { text: 'aide' },
];
const WELCOME: Record<string, unknown>[] = [
  { start: {} },
  { payload: 'welcome.hello/accept' },
  { payload: 'welcome.age/young' },
];

interface Server {
  child: ChildProcess;
  port: number;
}

/**
 * Node's arguments for a server: production's flags for both (the comparison is of the code, on the
 * same runtime), then any of BENCH_NODE_ARGS ("--cpu-prof --cpu-prof-dir=/tmp/prof" profiles them).
 */
export function serverArguments(root: string, mode: 'bot' | 'echo', extra = ''): string[] {
  // Compiled JavaScript, as in production (npm run bench compiles first): no TypeScript in memory.
  const script = path.join(__dirname, 'engine-server.js');
  return [...productionNodeFlags(root), ...extra.split(' ').filter(Boolean), script, mode];
}

function startServer(mode: 'bot' | 'echo'): Promise<Server> {
  const root = path.join(__dirname, '..', '..');
  const child = spawn(process.execPath, serverArguments(root, mode, process.env.BENCH_NODE_ARGS), {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      const match = /port (\d+)/.exec(chunk.toString());
      if (match) resolve({ child, port: Number(match[1]) });
    });
  });
}

/** SIGINT lets a profiling server write its profile before it exits. */
function stopServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.child.removeAllListeners('exit');
    server.child.once('exit', () => resolve());
    server.child.kill('SIGINT');
  });
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 102.4) / 10;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function post(port: number, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/chat/api/messages',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

interface Result {
  events: number;
  seconds: number;
  latencies: number[];
}

async function drive(port: number, label: string): Promise<Result> {
  let measuring = false;
  let stop = false;
  const latencies: number[] = [];
  let events = 0;
  let counter = 0;
  const person = async (index: number) => {
    const visitorId = `bench-${label}-${index}-${'x'.repeat(10)}`;
    let step = 0;
    while (!stop) {
      const content = step < WELCOME.length ? WELCOME[step] : LOOP[(step - WELCOME.length) % LOOP.length];
      step++;
      const body = JSON.stringify({ visitorId, messageId: `m${++counter}`, ...content });
      const started = process.hrtime.bigint();
      const status = await post(port, body);
      const elapsed = Number(process.hrtime.bigint() - started) / 1e6;
      if (status !== 200) throw new Error(`${label}: HTTP ${status} for ${body}`);
      if (measuring) {
        latencies.push(elapsed);
        events++;
      }
    }
  };
  const people = Array.from({ length: CONCURRENCY }, (_, i) => person(i));
  await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
  measuring = true;
  const started = Date.now();
  await new Promise((resolve) => setTimeout(resolve, MEASURE_MS));
  measuring = false;
  const seconds = (Date.now() - started) / 1000;
  stop = true;
  await Promise.all(people);
  return { events, seconds, latencies };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

export async function benchEngine(): Promise<void> {
  const echo = await startServer('echo');
  const bot = await startServer('bot');
  const echoRates: number[] = [];
  const botRates: number[] = [];
  const latencies: number[] = [];
  const rate = (result: Result) => result.events / result.seconds;
  for (let round = 0; round < ROUNDS; round++) {
    echoRates.push(rate(await drive(echo.port, `echo${round}`)));
    const result = await drive(bot.port, `bot${round}`);
    botRates.push(rate(result));
    latencies.push(...result.latencies);
  }
  echoRates.push(rate(await drive(echo.port, `echo${ROUNDS}`)));
  const rss = rssMb(bot.child.pid!);
  await stopServer(echo);
  await stopServer(bot);

  const ratios = botRates.map((botRate, round) => botRate / ((echoRates[round] + echoRates[round + 1]) / 2));
  const sorted = latencies.sort((a, b) => a - b);
  const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
  process.stdout.write(
    JSON.stringify({
      bench: 'engine',
      rounds: ROUNDS,
      events_per_s: Math.round(median(botRates)),
      p50_ms: round(percentile(sorted, 50)),
      p99_ms: round(percentile(sorted, 99)),
      baseline_events_per_s: Math.round(median(echoRates)),
      ratio: round(median(ratios)),
      ratio_min: round(Math.min(...ratios)),
      ratio_max: round(Math.max(...ratios)),
      rss_mb: rss,
    }) + '\n',
  );
  agent.destroy();
}
