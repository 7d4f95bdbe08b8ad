/** Debian's Chromium for the browser tests: where it is, whether it is there, and how it starts here. */
import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Whether Chromium is installed; when not, says which tests are skipped and how to run them. */
export function chromiumAvailable(tests: string): boolean {
  const available = fs.existsSync(CHROMIUM);
  if (!available)
    console.warn(`${tests} SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
  return available;
}

/** Without a sandbox (containers), a GPU or background traffic (no network here). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}
