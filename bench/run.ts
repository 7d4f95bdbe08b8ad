/** `npm run bench` runs every benchmark; `npm run bench -- engine` runs one. */
import { benchEngine } from './engine';
import { benchFanout } from './fanout';
import { benchStore } from './store';
import { benchTelegramReply } from './telegram-reply';

const BENCHES: Record<string, () => Promise<void>> = {
  engine: benchEngine,
  fanout: benchFanout,
  store: benchStore,
  'telegram-reply': benchTelegramReply,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((name) => !(name in BENCHES));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown benchmark ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}\n`);
    process.exit(2);
  }
  for (const name of wanted.length > 0 ? wanted : Object.keys(BENCHES)) await BENCHES[name]();
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
