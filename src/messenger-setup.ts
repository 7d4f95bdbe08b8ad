/** `npm run messenger:setup`: sets the Page's Get Started button, greeting and menu. */
import path from 'node:path';
import { ROOT_DIR } from './app';
import { GraphClient } from './channels/messenger/graph';
import { setUpMessengerProfile } from './channels/messenger/profile';
import { readConfig } from './config';
import { loadEngine } from './engine/runtime';

async function main(): Promise<void> {
  const config = readConfig();
  if (!config.messenger)
    throw new Error('Set MESSENGER_PAGE_TOKEN, MESSENGER_APP_SECRET and MESSENGER_VERIFY_TOKEN first.');
  // The flows are loaded (and checked) for their commands: the menu may offer only those.
  const engine = loadEngine({
    flowsDir: path.join(ROOT_DIR, 'flows'),
    localesDir: path.join(ROOT_DIR, 'locales'),
    defaultLocale: config.defaultLocale,
    timezone: config.timezone,
    links: { calendar: (id) => `${config.publicUrl}/calendar/${encodeURIComponent(id)}.ics` },
  });
  await setUpMessengerProfile(
    new GraphClient({ graphUrl: config.messenger.graphUrl, pageToken: config.messenger.pageToken }),
    engine.translator,
    new Set(Object.keys(engine.flows.settings.commands)),
  );
  process.stdout.write('Messenger profile set: Get Started, greeting and menu in French and English.\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
