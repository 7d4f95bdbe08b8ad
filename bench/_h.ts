import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import { createApp } from '../src/app';
import { readConfig } from '../src/config';
import { silentLogger } from '../src/logger';
import { createEmbeddedStore } from '../src/store/embedded';
import type { Store } from '../src/domain/ports';
async function main() {
  const base = createEmbeddedStore({ dir: fs.mkdtempSync(path.join(os.tmpdir(), 'h-')) });
  const time = new Map<string, [number, number]>();
  const store = new Proxy(base, { get(target, repo: string) { const r = (target as any)[repo]; if (typeof r !== 'object' || r === null || repo === 'db') return r; return new Proxy(r, { get(t, m: string) { const f = t[m]; if (typeof f !== 'function') return f; return (...a: unknown[]) => { const s = process.hrtime.bigint(); const out = f.apply(t, a); const e = Number(process.hrtime.bigint() - s) / 1e3; const k = `${repo}.${m}`; const v = time.get(k) ?? [0, 0]; v[0] += e; v[1]++; time.set(k, v); return out; }; } }); } }) as Store;
  const app = await createApp(readConfig({ DATA_DIR: '/tmp/unused-h', PUBLIC_URL: 'http://localhost' }), { logger: silentLogger, store });
  const conv = app.engine.conversation;
  const LOOP = [{ type: 'text', text: 'jardin' }, { type: 'choice', payload: 'discover.show_results/details/potager-samedi' }, { type: 'text', text: 'menu' }, { type: 'choice', payload: 'main.menu/discover' }, { type: 'choice', payload: 'discover.kind/volunteering' }, { type: 'text', text: 'aide' }] as const;
  let n = 0; const t0 = Date.now();
  await Promise.all(Array.from({ length: 8 }, async (_, i) => {
    const externalId = `p${i}`;
    for (const input of [{ type: 'start' }, { type: 'choice', payload: 'welcome.hello/accept' }, { type: 'choice', payload: 'welcome.age/young' }] as const) await conv.handle({ channel: 'web', externalId, input, eventId: `e${++n}` });
    for (let k = 0; k < 2500; k++) { await conv.handle({ channel: 'web', externalId, input: LOOP[k % LOOP.length] as any, eventId: `e${++n}` }); }
  }));
  const secs = (Date.now() - t0) / 1000;
  console.log('events/s', (n / secs).toFixed(0));
  [...time].sort((a, b) => b[1][0] - a[1][0]).forEach(([k, [us, c]]) => console.log(k.padEnd(30), (us / c).toFixed(1), 'us ×', c, ' total ms', (us / 1000).toFixed(0)));
  console.log('wal bytes', fs.statSync(path.join(path.dirname((base.db as any).name), 'bot.sqlite-wal')).size, base.db.pragma('wal_autocheckpoint', { simple: true }));
  await app.close();
}
void main();
