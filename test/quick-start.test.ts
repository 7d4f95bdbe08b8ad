/** The README's quick start is what CI runs: its test command is the last thing `.ci/run` does. */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './support/bot';

const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const quickStart = /## Quick start\s+```sh\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
const commands = quickStart
  .split('\n')
  .map((line) => line.replace(/#.*$/, '').trim())
  .filter(Boolean);

describe('quick start', () => {
  it('has one command to install and start, one to test', () => {
    expect(commands).toEqual(['npm install && npm start', 'npm run check']);
  });

  it('is what CI runs after installing, and the check lints before testing', () => {
    const ci = fs
      .readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8')
      .trim()
      .split('\n');
    expect(ci.at(-1)).toBe(commands[1]);
    const scripts = (
      JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    ).scripts;
    expect(scripts.check).toBe('npm run lint && npm test');
    expect(scripts.lint).toBe('eslint src test bench && prettier --check src test bench');
  });
});
