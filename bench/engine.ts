/**
 * `npm run bench -- engine`: inbound web-chat events through the whole path (HTTP, engine, store on
 * disk), and the same requests against a bare express echo, each server in its own process while
 * this one plays many people chatting at once. Prints one JSON line.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

/** People chatting at the same instant; every one sends again as soon as answered (a closed loop). */
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 3000);
const MEASURE_MS = Number(process.env.BENCH_MEASURE_MS ?? 10000);

/** What a person does once welcomed, over and over: search, details, menu, discovery, help. */
const LOOP: Record<string, unknown>[] = [
  { text: 'jardin' },
  { payload: 'discover.show_results/details/potager-samedi' },
  { text: 'menu' },
  { payload: 'main.menu/discover' },
  { payload: 'discover.kind/volunteering' },
  { text: 'aide' },
];
const WELCOME: Record<string, unknown>[] = [{ start: {} }, { payload: 'welcome.hello/accept' }, { payload: 'welcome.age/young' }];

interface Server {
  child: ChildProcess;
  port: number;
}

function startServer(mode: 'bot' | 'echo'): Promise<Server> {
  // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the servers.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // Compiled JavaScript, as in production (npm run bench compiles first): no TypeScript in memory.
  const child = spawn(process.execPath, [...nodeArgs, path.join(__dirname, 'engine-server.js'), mode], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${mode} server exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
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
      { host: '127.0.0.1', port, path: '/chat/api/messages', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
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

export async function benchEngine(): Promise<void> {
  const echo = await startServer('echo');
  const baseline = await drive(echo.port, 'echo');
  await stopServer(echo);

  const bot = await startServer('bot');
  const result = await drive(bot.port, 'bot');
  const rss = rssMb(bot.child.pid!);
  await stopServer(bot);

  const sorted = [...result.latencies].sort((a, b) => a - b);
  const eventsPerSecond = result.events / result.seconds;
  const baselinePerSecond = baseline.events / baseline.seconds;
  const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;
  process.stdout.write(
    JSON.stringify({
      bench: 'engine',
      events_per_s: Math.round(eventsPerSecond),
      p50_ms: round(percentile(sorted, 50)),
      p99_ms: round(percentile(sorted, 99)),
      baseline_events_per_s: Math.round(baselinePerSecond),
      ratio: round(eventsPerSecond / baselinePerSecond),
      rss_mb: rss,
    }) + '\n',
  );
  agent.destroy();
}
