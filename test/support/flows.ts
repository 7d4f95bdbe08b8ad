import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Writes flow files to a fresh folder: { 'bot.yaml': '...', 'a.yaml': '...' }. */
export function writeFlows(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flows-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

export const MINIMAL_SETTINGS = `
entry: { start: main, menu: main.menu }
commands: { menu: main.menu }
fallback: { text: main.menu }
`;
