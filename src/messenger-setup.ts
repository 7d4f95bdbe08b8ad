/** `npm run messenger:setup`: sets the Page's Get Started button, greeting and menu. */
import path from 'node:path';
import { ROOT_DIR } from './app';
import { GraphClient } from './channels/messenger/graph';
import { setUpMessengerProfile } from './channels/messenger/profile';
import { readConfig } from './config';
import { loadTranslator } from './engine/i18n';

async function main(): Promise<void> {
  const config = readConfig();
  if (!config.messenger)
    throw new Error('Set MESSENGER_PAGE_TOKEN, MESSENGER_APP_SECRET and MESSENGER_VERIFY_TOKEN first.');
  const translator = loadTranslator(path.join(ROOT_DIR, 'locales'), config.defaultLocale);
  await setUpMessengerProfile(
    new GraphClient({ graphUrl: config.messenger.graphUrl, pageToken: config.messenger.pageToken }),
    translator,
  );
  process.stdout.write('Messenger profile set: Get Started, greeting and menu in French and English.\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
