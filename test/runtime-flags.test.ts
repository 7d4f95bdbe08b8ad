/** Production runs node with the flags the engine benchmark measured; the benchmark uses the same. */
import fs from 'node:fs';
import path from 'node:path';
import { serverArguments } from '../bench/engine';
import { productionNodeFlags } from '../bench/production-flags';
import { ROOT } from './support/bot';

describe('node flags in production', () => {
  const flags = productionNodeFlags(ROOT);

  it('give the young generation 32 MB semi-spaces (fewer scavenges per chat message)', () => {
    expect(flags).toEqual(['--max-semi-space-size=32']);
  });

  it('are the same for `npm start` as for the Procfile', () => {
    const scripts = (
      JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts.start).toBe(`node ${flags.join(' ')} dist/main.js`);
  });

  it('are what the engine benchmark starts both its servers with, before its own', () => {
    for (const mode of ['bot', 'echo'] as const) {
      const args = serverArguments(ROOT, mode, '--cpu-prof');
      expect(args.slice(0, 2)).toEqual([...flags, '--cpu-prof']);
      expect(args.at(-1)).toBe(mode);
    }
  });
});
