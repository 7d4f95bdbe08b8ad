// Child process for the kill-mid-send test: fills an outbox once, then sends it, logging each send
// (synchronously, before the outbox hears of it) so the parent knows what reached the "platform".
import fs from 'node:fs';
import { Dispatcher } from '../../src/delivery/dispatcher';
import { newOutboxEntry } from '../../src/domain/outbox';
import { createEmbeddedStore } from '../../src/store/embedded';

const [dir, log, count] = process.argv.slice(2);

async function main(): Promise<void> {
  const store = createEmbeddedStore({ dir });
  const now = new Date();
  for (let i = 0; i < Number(count); i++) {
    const identity = { channel: 'telegram' as const, externalId: String(i) };
    await store.contacts.findOrCreate(identity, () => ({
      id: `c${i}`,
      identities: [identity],
      locale: 'fr',
      interests: [],
      status: 'active',
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    }));
  }
  await store.outbox.enqueue(
    Array.from({ length: Number(count) }, (_, i) =>
      newOutboxEntry({
        id: `e${i}`,
        key: `k${i}`,
        group: 'crash',
        purpose: 'broadcast',
        contactId: `c${i}`,
        channel: 'telegram',
        externalId: String(i),
        messages: [{ kind: 'text', text: 'hi' }],
        notBefore: now,
        now,
      }),
    ),
  );
  process.stdout.write('enqueued\n');
  const dispatcher = new Dispatcher({
    store,
    owner: 'doomed',
    leaseMs: 1000,
    concurrency: 8,
    idleMs: 10,
    clock: () => new Date(),
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    channels: {
      telegram: {
        async deliver(request) {
          fs.appendFileSync(log, `${request.externalId}\n`);
          await new Promise((resolve) => setTimeout(resolve, 2));
          return { status: 'sent', parts: 1 };
        },
      },
    },
  });
  dispatcher.start();
}
void main();
