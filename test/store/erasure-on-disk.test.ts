/**
 * "Oublie-moi" must leave nothing on disk: after it, no byte of any file under DATA_DIR holds the
 * person's first name, their question or their channel identity.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadDemoData } from '../../src/demo/load-demo';
import { newOutboxEntry } from '../../src/domain/outbox';
import type { OutboundMessage, PersonInput } from '../../src/engine/types';
import { createEmbeddedStore } from '../../src/store/embedded';
import { createTestBot, FIXED_NOW, ROOT } from '../support/bot';
import { resolveTap } from '../support/transcript';

const NAME = 'Zoubeidaquartz';
const QUESTION = 'Est-ce que la mission girafe-turquoise accepte les débutants ?';
const VISITOR = 'visitor-7f3c9e1d44b2';

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => (entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)]));
}

function tracesIn(dir: string): string[] {
  const found: string[] = [];
  for (const file of filesUnder(dir)) {
    const bytes = fs.readFileSync(file);
    for (const secret of [NAME, QUESTION, VISITOR])
      if (bytes.includes(Buffer.from(secret, 'utf8'))) found.push(`${path.basename(file)} holds "${secret}"`);
  }
  return found;
}

describe('erasure on the embedded store', () => {
  it('leaves no trace of the name, the question or the identity in any file under DATA_DIR', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'erasure-'));
    const store = createEmbeddedStore({ dir });
    const bot = createTestBot({ store });
    await loadDemoData(store, path.join(ROOT, 'src', 'demo', 'catalogue.yaml'), {
      now: FIXED_NOW,
      timezone: 'Europe/Paris',
      mediaBaseUrl: 'https://bot.example/media/demo',
    });
    let last: OutboundMessage[] = [];
    const step = async (input: PersonInput) => (last = await bot.send(input, { externalId: VISITOR }));
    const tap = (label: string | { card: string; button: string }) =>
      step({ type: 'choice', payload: resolveTap(label, last) });

    await step({ type: 'start' });
    await tap("OK, c'est parti");
    await tap('18 à 25 ans');
    await step({ type: 'text', text: 'stage environnement' });
    await tap({ card: 'communication', button: "Je m'inscris" });
    await step({ type: 'text', text: NAME });
    await tap('Menu');
    await tap("Parler à quelqu'un");
    await step({ type: 'text', text: QUESTION });

    const contact = await store.contacts.findByIdentity({ channel: 'web', externalId: VISITOR });
    expect(contact?.firstName ?? (await store.signups.listByContact(contact!.id))[0]?.firstName).toBe(NAME);
    // A reminder waiting for them, with their name in it, and a message in their web mailbox.
    await store.outbox.enqueue([
      newOutboxEntry({
        id: 'r1',
        key: 'reminder:r1',
        group: 'reminders:x',
        purpose: 'reminder',
        contactId: contact!.id,
        channel: 'web',
        externalId: VISITOR,
        messages: [{ kind: 'text', text: `À demain ${NAME} !` }],
        notBefore: FIXED_NOW,
        now: FIXED_NOW,
      }),
    ]);
    await store.mailbox.add({
      id: 'm1',
      externalId: VISITOR,
      messages: [{ kind: 'text', text: `Coucou ${NAME}` }],
      at: FIXED_NOW.toISOString(),
    });
    store.db.pragma('wal_checkpoint(PASSIVE)');
    expect(tracesIn(dir).length).toBeGreaterThan(0);

    await step({ type: 'text', text: 'oublie-moi' });
    await tap('Oui, tout effacer');
    expect(await store.contacts.findByIdentity({ channel: 'web', externalId: VISITOR })).toBeUndefined();
    expect(await store.outbox.get('reminder:r1')).toMatchObject({
      status: 'skipped',
      reason: 'erased',
      externalId: '',
      messages: [],
    });
    expect(tracesIn(dir)).toEqual([]);
    await store.close();
    expect(tracesIn(dir)).toEqual([]);
  });
});
