/** The one-way dependency rule of the architecture, checked on every import in src/. */
import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from './support/bot';

const SRC = path.join(ROOT, 'src');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sources(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

const imports = sources(SRC).map((file) => ({
  file: path.relative(SRC, file),
  specifiers: [...fs.readFileSync(file, 'utf8').matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((match) => {
    const specifier = match[1];
    return specifier.startsWith('.') ? path.relative(SRC, path.resolve(path.dirname(file), specifier)) : specifier;
  }),
}));

const violations = (folder: string, allowed: (specifier: string) => boolean) =>
  imports
    .filter(({ file }) => file.startsWith(folder))
    .flatMap(({ file, specifiers }) =>
      specifiers.filter((specifier) => !allowed(specifier)).map((specifier) => `${file} imports ${specifier}`),
    );

const ours = (specifier: string) =>
  /^(util|domain|engine|store|channels|delivery|scheduler|admin|demo|app|config|main)\b/.test(specifier);
/** Node's own modules, and our general utilities (which know nothing of the bot): every layer may use them. */
const node = (specifier: string) => specifier.startsWith('node:') || specifier.startsWith('util/');

describe('layers', () => {
  it('reads the imports it checks', () => {
    expect(imports.find(({ file }) => file === 'engine/engine-context.ts')?.specifiers).toContain('domain/text');
  });

  it('keeps the utilities free of everything of ours', () => {
    expect(violations('util/', (s) => s.startsWith('node:') || s.startsWith('util/'))).toEqual([]);
  });

  it('keeps the domain free of everything but itself', () => {
    expect(violations('domain/', (s) => node(s) || s.startsWith('domain/'))).toEqual([]);
  });

  it('keeps the engine free of platforms, HTTP and databases', () => {
    expect(
      violations(
        'engine/',
        (s) =>
          node(s) ||
          s.startsWith('domain/') ||
          s.startsWith('engine/') ||
          ['i18next', 'yaml', 'zod', 'fastest-levenshtein'].includes(s),
      ),
    ).toEqual([]);
  });

  it('lets stores depend on the domain only', () => {
    expect(
      violations(
        'store/embedded/',
        (s) => node(s) || s.startsWith('domain/') || s.startsWith('store/embedded/') || s === 'better-sqlite3',
      ),
    ).toEqual([]);
    expect(
      violations(
        'store/mongo/',
        (s) => node(s) || s.startsWith('domain/') || s.startsWith('store/mongo/') || s === 'mongoose',
      ),
    ).toEqual([]);
  });

  it('lets channels depend on the engine and the domain, each on its own SDK', () => {
    expect(violations('channels/', (s) => node(s) || !ours(s) || /^(domain|engine|channels)\//.test(s))).toEqual([]);
    const telegraf = imports
      .filter(({ specifiers }) => specifiers.some((s) => s.startsWith('telegraf')))
      .map(({ file }) => file);
    expect(telegraf.length).toBeGreaterThan(0);
    expect(telegraf.every((file) => file.startsWith('channels/telegram/'))).toBe(true);
    const mongoose = imports.filter(({ specifiers }) => specifiers.includes('mongoose')).map(({ file }) => file);
    expect(mongoose.length).toBeGreaterThan(0);
    expect(mongoose.every((file) => file.startsWith('store/mongo/'))).toBe(true);
    const express = imports.filter(({ specifiers }) => specifiers.includes('express')).map(({ file }) => file);
    expect(express.length).toBeGreaterThan(0);
    expect(express.every((file) => /^(channels|admin)\/|^(app|http-server)\.ts$/.test(file))).toBe(true);
  });

  it('keeps delivery to the domain (channels are reached through an interface)', () => {
    expect(violations('delivery/', (s) => node(s) || s.startsWith('domain/') || s.startsWith('delivery/'))).toEqual([]);
  });

  it('lets the scheduler use the domain, delivery and node-cron only', () => {
    expect(
      violations('scheduler/', (s) => node(s) || /^(domain|delivery|scheduler)\//.test(s) || s === 'node-cron'),
    ).toEqual([]);
    expect(imports.filter(({ specifiers }) => specifiers.includes('node-cron')).map(({ file }) => file)).toEqual([
      'scheduler/index.ts',
    ]);
  });

  it('lets admin use the domain, delivery and its HTTP libraries, never the engine, channels or stores', () => {
    expect(
      violations(
        'admin/',
        (s) =>
          node(s) ||
          /^(domain|delivery|admin)\//.test(s) ||
          ['express', 'zod', 'i18next', 'rate-limiter-flexible', 'multer', 'sharp'].includes(s),
      ),
    ).toEqual([]);
  });
});
