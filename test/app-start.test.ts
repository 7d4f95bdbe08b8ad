import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError, readConfig } from '../src/config';
import { readDemoCatalogue } from '../src/demo/load-demo';
import { OPPORTUNITY_KINDS } from '../src/domain/model';
import { createEmbeddedStore } from '../src/store/embedded';
import { FIXED_NOW, ROOT } from './support/bot';
import { startApp } from './support/server';

describe('configuration', () => {
  it('has working defaults for every variable', () => {
    expect(readConfig({})).toEqual({
      port: 3000,
      dataDir: './data',
      defaultLocale: 'fr',
      timezone: 'Europe/Paris',
      publicUrl: 'http://localhost:3000',
      publicUrlIsSet: false,
      demoData: true,
      reminderOffsetsMinutes: [1440, 120],
      widgetOrigins: [],
    });
  });

  it('lists every problem at once, in words an operator understands', () => {
    expect(() =>
      readConfig({
        PORT: 'eighty',
        DEFAULT_LOCALE: 'de',
        BOT_TIMEZONE: 'Mars/Olympus',
        DEMO_DATA: 'maybe',
        REMINDER_OFFSETS: '1 day',
      }),
    ).toThrow(ConfigError);
    try {
      readConfig({ PORT: 'eighty', DEFAULT_LOCALE: 'de', BOT_TIMEZONE: 'Mars/Olympus' });
    } catch (error) {
      expect((error as Error).message.split('\n')).toEqual([
        'Configuration problems:',
        '  - PORT must be a port number, not "eighty"',
        '  - DEFAULT_LOCALE must be "fr" or "en", not "de"',
        '  - BOT_TIMEZONE must be an IANA timezone such as "Europe/Paris", not "Mars/Olympus"',
      ]);
    }
  });

  it('enables Telegram with a token, and insists on a secret for webhooks', () => {
    expect(readConfig({ TELEGRAM_BOT_TOKEN: '123:abc' }).telegram).toEqual({
      token: '123:abc',
      apiRoot: 'https://api.telegram.org',
      mode: 'polling',
      globalPerSecond: 25,
    });
    expect(() => readConfig({ TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_MODE: 'webhook' })).toThrow(
      /needs TELEGRAM_WEBHOOK_SECRET/,
    );
    expect(() => readConfig({ TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_MODE: 'push' })).toThrow(/polling or webhook/);
    expect(readConfig({}).telegram).toBeUndefined();
  });

  it('takes a share-signing key of 16 characters or more, and websites that may frame the chat as origins', () => {
    expect(readConfig({}).shareSecret).toBeUndefined();
    expect(readConfig({ SHARE_SECRET: 'x'.repeat(16) }).shareSecret).toBe('x'.repeat(16));
    expect(() => readConfig({ SHARE_SECRET: 'short' })).toThrow(/SHARE_SECRET must be at least 16 characters/);
    expect(readConfig({ WIDGET_ORIGINS: 'https://a.example, http://localhost:8080' }).widgetOrigins).toEqual([
      'https://a.example',
      'http://localhost:8080',
    ]);
    expect(() => readConfig({ WIDGET_ORIGINS: 'https://a.example/page' })).toThrow(/WIDGET_ORIGINS must list origins/);
  });

  it('takes a MongoDB connection string, and refuses anything else', () => {
    expect(readConfig({ MONGODB_URI: 'mongodb+srv://user:pw@cluster.example.net/bot' }).mongodbUri).toBe(
      'mongodb+srv://user:pw@cluster.example.net/bot',
    );
    expect(() => readConfig({ MONGODB_URI: 'postgres://localhost/bot' })).toThrow(/must start with mongodb/);
  });
});

describe('demo catalogue', () => {
  const catalogue = readDemoCatalogue(path.join(ROOT, 'src', 'demo', 'catalogue.yaml'));

  it('has about five associations and twenty opportunities of every kind, in several places and online', () => {
    expect(catalogue.organisations).toHaveLength(5);
    expect(catalogue.opportunities.length).toBeGreaterThanOrEqual(20);
    expect(new Set(catalogue.opportunities.map((o) => o.kind))).toEqual(new Set(OPPORTUNITY_KINDS));
    const cities = new Set(catalogue.opportunities.map((o) => o.city));
    for (const city of ['Bordeaux', 'Talence', 'Paris', 'Lyon']) expect(cities).toContain(city);
    expect(catalogue.opportunities.some((o) => o.remote)).toBe(true);
    const organisations = new Set(catalogue.organisations.map((o) => o.id));
    expect(catalogue.opportunities.filter((o) => !organisations.has(o.organisationId))).toEqual([]);
  });

  it('is loaded once into an empty store, dated from today, and not with DEMO_DATA=false', async () => {
    const store = createEmbeddedStore();
    const running = await startApp({ store });
    const { items, total } = await store.opportunities.search({});
    expect(total).toBe(catalogue.opportunities.length);
    expect(items.every((o) => o.startsAt === undefined || Date.parse(o.startsAt) > FIXED_NOW.getTime())).toBe(true);
    await running.app.engine.conversation.handle({ channel: 'web', externalId: 'x', input: { type: 'start' } });
    await running.close();
    const reopened = createEmbeddedStore();
    for (const opportunity of items) await reopened.opportunities.save(opportunity);
    const again = await startApp({ store: reopened });
    expect((await reopened.opportunities.search({})).total).toBe(catalogue.opportunities.length);
    await again.close();

    const empty = createEmbeddedStore();
    const without = await startApp({ store: empty, env: { DEMO_DATA: 'false' } });
    expect((await empty.opportunities.search({})).total).toBe(0);
    await without.close();
  });

  it('survives a restart on disk without loading twice', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'app-'));
    const first = await startApp({ store: createEmbeddedStore({ dir }) });
    await first.close();
    const storeAgain = createEmbeddedStore({ dir });
    const second = await startApp({ store: storeAgain });
    expect((await storeAgain.opportunities.search({})).total).toBe(catalogue.opportunities.length);
    await second.close();
  });
});
