/** A whole bot on an in-memory store, with a fixed clock and predictable ids, for tests. */
import { testSharing } from './sharing';
import path from 'node:path';
import type { ChannelName } from '../../src/domain/model';
import type { Store } from '../../src/domain/ports';
import type { EngineHooks } from '../../src/engine/actions';
import { createEngine, type EngineRuntime } from '../../src/engine/runtime';
import type { OutboundMessage, PersonInput } from '../../src/engine/types';
import { createEmbeddedStore } from '../../src/store/embedded';

export const ROOT = path.resolve(__dirname, '../..');
export const FIXED_NOW = new Date('2026-11-24T09:00:00.000Z');

export const silentLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface TestBot {
  store: Store;
  engine: EngineRuntime;
  send(
    input: PersonInput,
    options?: { externalId?: string; channel?: ChannelName; eventId?: string; localeHint?: string },
  ): Promise<OutboundMessage[]>;
  clock: { now: Date };
}

export function sequentialIds(prefix = 'id'): () => string {
  let n = 0;
  return () => `${prefix}${String(++n).padStart(4, '0')}`;
}

export function createTestBot(
  options: { store?: Store; now?: Date; hooks?: EngineHooks; newId?: () => string } = {},
): TestBot {
  const store = options.store ?? createEmbeddedStore();
  const clock = { now: options.now ?? FIXED_NOW };
  const engine = createEngine({
    flowsDir: path.join(ROOT, 'flows'),
    localesDir: path.join(ROOT, 'locales'),
    store,
    defaultLocale: 'fr',
    timezone: 'Europe/Paris',
    links: { calendar: (id) => `https://bot.example/calendar/${id}.ics` },
    sharing: testSharing,
    clock: () => clock.now,
    newId: options.newId ?? sequentialIds(),
    ...(options.hooks ? { hooks: options.hooks } : {}),
    logger: silentLogger,
  });
  return {
    store,
    engine,
    clock,
    async send(input, { externalId = 'person-1', channel = 'web', eventId, localeHint } = {}) {
      const result = await engine.conversation.handle({ channel, externalId, input, eventId, localeHint });
      return result.messages;
    },
  };
}
