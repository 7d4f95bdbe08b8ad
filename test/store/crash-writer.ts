// Child process for the kill -9 test: writes sign-ups forever, printing each one once acknowledged.
import { createEmbeddedStore } from '../../src/store/embedded';

async function main(): Promise<void> {
  const store = createEmbeddedStore({ dir: process.argv[2] });
  for (let i = 0; ; i++) {
    await store.signups.request({
      id: `s${i}`,
      contactId: `c${i}`,
      opportunityId: 'opp1',
      channel: 'web',
      joinWaitlist: true,
      now: new Date().toISOString(),
    });
    process.stdout.write(`ack ${i}\n`);
  }
}
void main();
