/**
 * The web chat in a real Chromium: greeting shown, a choice tapped, the answer shown, cards with
 * images, identity kept across visits. Needs Debian's chromium (.ci/run installs it); says so and
 * skips on a machine without it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { newOutboxEntry } from '../../src/domain/outbox';
import { chromiumAvailable, launchChromium } from '../support/chromium';
import { startApp, type RunningApp } from '../support/server';

const available = chromiumAvailable('Web chat browser tests');

(available ? describe : describe.skip)('web chat in Chromium', () => {
  let running: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    running = await startApp({ selfAddressed: true });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  const lastBotText = (page: Page) => page.locator('.row.bot .bubble').last();

  it('says kindly when the person writes too fast, and lets them send again', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 390, height: 780 } });
    const page = await context.newPage();
    await page.goto(`${running.url}/chat`);
    await page.getByText(/^Salut ! 👋/).waitFor();
    // The server's answer to a burst (its limits are tested in test/web/rate-limits.test.ts).
    await page.route('**/chat/api/messages', (route) =>
      route.fulfill({ status: 429, contentType: 'application/json', headers: { 'Retry-After': '30' }, body: '{}' }),
    );
    await page.getByLabel('Écris ton message…').fill('jardin');
    await page.keyboard.press('Enter');
    await expectVisible(page.getByText("Doucement ! Attends un peu avant d'écrire à nouveau, puis réessaie."));
    await page.unroute('**/chat/api/messages');
    const before = await page.locator('.row.bot .bubble').count();
    await page.getByRole('button', { name: 'Réessayer' }).click();
    // Sent this time: the notice goes and the bot answers the message.
    await page.locator('#error').waitFor({ state: 'hidden' });
    await page.waitForFunction((n) => document.querySelectorAll('.row.bot .bubble').length > n, before);
    await context.close();
  });

  it('greets, takes a tapped choice, shows cards, and remembers the person on the next visit', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 390, height: 780 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));

    await page.goto(`${running.url}/chat`);
    await page.getByText(/^Salut ! 👋/).waitFor();
    await page.getByRole('button', { name: "OK, c'est parti" }).click();
    await page.getByText('Merci ! Quel âge as-tu ?', { exact: false }).waitFor();
    await expectVisible(page.locator('.row.me .bubble', { hasText: "OK, c'est parti" }));
    await page.getByRole('button', { name: '18 à 25 ans' }).click();
    await page.getByText('Que veux-tu faire ?').waitFor();

    await page.getByLabel('Écris ton message…').fill('jardin');
    await page.keyboard.press('Enter');
    const card = page.locator('.card', { hasText: 'Jardiner au potager partagé' });
    await card.waitFor();
    // The first card's picture is on screen: it must really load (the others load as they scroll in).
    await page.waitForFunction(() => {
      const image = document.querySelector<HTMLImageElement>('.card img');
      return image !== null && image.complete && image.naturalWidth > 0;
    });
    expect(await card.boundingBox()).toMatchObject({ height: expect.any(Number) });
    expect((await card.boundingBox())!.height).toBeGreaterThan(150);
    await card.getByRole('button', { name: 'Détails' }).click();
    await page.getByText('📍 Où : Parc Peixotto', { exact: false }).waitFor();
    await page.screenshot({ path: path.join(os.tmpdir(), 'chat-details.png') });

    // A new visit in the same browser: the history is shown and the bot still knows this person.
    await page.reload();
    await page.getByText('📍 Où : Parc Peixotto', { exact: false }).waitFor();
    await page.getByLabel('Écris ton message…').fill('mes données');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await page.getByText('Tranche d’âge', { exact: false }).or(page.getByText("Tranche d'âge : 18 à 25 ans")).waitFor();
    expect(await lastBotText(page).innerText()).toMatch(/Tu peux tout effacer/);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('forgets the conversation in the browser after "oublie-moi": a reload starts afresh', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 390, height: 780 } });
    const page = await context.newPage();
    await page.goto(`${running.url}/chat`);
    await page.getByRole('button', { name: "OK, c'est parti" }).click();
    await page.getByRole('button', { name: '18 à 25 ans' }).click();
    await page.getByText('Que veux-tu faire ?').waitFor();
    await page.getByLabel('Écris ton message…').fill('Zéphyrine aime le potager');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => (window.localStorage.getItem('mobot.history') ?? '').includes('Zéphyrine'));
    const before = await page.evaluate(() => window.localStorage.getItem('mobot.visitorId'));

    // "Mes données" downloads everything kept, as a file.
    await page.getByLabel('Écris ton message…').fill('mes données');
    await page.keyboard.press('Enter');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Télécharger mes données (JSON)' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('mes-donnees.json');
    const kept = JSON.parse(fs.readFileSync(await download.path(), 'utf8')) as { profile: { ageBracket: string } };
    expect(kept.profile.ageBracket).toBe('18to25');

    await page.getByLabel('Écris ton message…').fill('oublie-moi');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Oui, tout effacer' }).click();
    await page.waitForFunction(() => window.localStorage.getItem('mobot.history') === null);
    const stored = await page.evaluate(() => ({ ...window.localStorage }));
    expect(JSON.stringify(stored)).not.toContain('Zéphyrine');
    expect(stored['mobot.visitorId']).toMatch(/^[a-f0-9]{32}$/);
    expect(stored['mobot.visitorId']).not.toBe(before);
    // On screen: only the goodbye, none of the conversation.
    expect(await page.locator('#log').innerText()).not.toContain('Zéphyrine');
    expect(await page.locator('.row.me').count()).toBe(0);
    await page.screenshot({ path: path.join(os.tmpdir(), 'chat-forgotten.png') });

    await page.reload();
    await page.getByText(/^Salut ! 👋/).waitFor();
    expect(await page.locator('#log').innerText()).not.toContain('Zéphyrine');
    expect(await page.getByRole('button', { name: 'Oui, tout effacer' }).count()).toBe(0);
    await context.close();
  }, 60_000);

  it('shows what the bot wrote on its own (a reminder through the outbox) when the page is shown again', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${running.url}/chat`);
    await page.getByRole('button', { name: "OK, c'est parti" }).click();
    await page.getByRole('button', { name: '18 à 25 ans' }).click();
    await page.getByText('Que veux-tu faire ?').waitFor();
    const visitor = (await page.evaluate(() => window.localStorage.getItem('mobot.visitorId')))!;
    const contact = (await running.app.store.contacts.findByIdentity({ channel: 'web', externalId: visitor }))!;
    await running.app.store.outbox.enqueue([
      newOutboxEntry({
        id: 'r1',
        key: 'reminder:browser',
        group: 'reminders:test',
        purpose: 'reminder',
        contactId: contact.id,
        channel: 'web',
        externalId: visitor,
        messages: [
          {
            kind: 'text',
            text: '⏰ Rappel : « Potager » demain à 14:00',
            choices: [{ label: "J'y serai", payload: 'main.menu/discover' }],
          },
        ],
        notBefore: new Date(0),
        now: new Date(0),
      }),
    ]);
    await running.app.dispatcher.drain();
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await page.getByText('⏰ Rappel : « Potager » demain à 14:00').waitFor();
    await page.getByRole('button', { name: "J'y serai" }).waitFor();
    // Shown once: the page remembers the last item it fetched.
    await page.reload();
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await page.waitForTimeout(300);
    expect(await page.getByText('⏰ Rappel : « Potager » demain à 14:00').count()).toBe(1);
    await context.close();
  }, 60_000);

  it('opens a share link on its opportunity and lets a stalled request be retried', async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${running.url}/chat?lang=en`);
    await page.getByText(/^Hi! 👋/).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');

    await context.setOffline(true);
    await page.getByRole('button', { name: "OK, let's go" }).click();
    await page.getByRole('alert').getByText('Message not sent').waitFor();
    await context.setOffline(false);
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByText('How old are you?', { exact: false }).waitFor();
    expect(await page.locator('.row.me .bubble').count()).toBe(1);
    await context.close();
  }, 60_000);

  it('shows a picture the browser cannot load as its link, and the rest of the message', async () => {
    const { context, page } = await consentedPage({ width: 390, height: 780 });
    const visitor = (await page.evaluate(() => window.localStorage.getItem('mobot.visitorId')))!;
    const contact = (await running.app.store.contacts.findByIdentity({ channel: 'web', externalId: visitor }))!;
    const missing = `${running.url}/media/demo/missing.png`;
    await running.app.store.outbox.enqueue([
      newOutboxEntry({
        id: 'broken-media',
        key: 'broadcast:broken-media',
        group: 'broadcast:test',
        purpose: 'broadcast',
        contactId: contact.id,
        channel: 'web',
        externalId: visitor,
        messages: [
          { kind: 'media', url: missing, mediaType: 'image' },
          { kind: 'text', text: 'Asso — Venez samedi !' },
        ],
        notBefore: new Date(0),
        now: new Date(0),
      }),
    ]);
    await running.app.dispatcher.drain();
    await page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await page.getByText('Asso — Venez samedi !').waitFor();
    await page.getByRole('link', { name: missing }).waitFor();
    expect(await page.locator('img.media').count()).toBe(0);
    await context.close();
  }, 60_000);

  /** The next chat message waits in the browser until `release()`; `bodies` records every one sent from now. */
  async function holdNextMessage(page: Page) {
    let release = () => undefined as void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const bodies: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/chat/api/messages')) bodies.push(request.postData() ?? '');
    });
    await page.route(
      '**/chat/api/messages',
      async (route) => {
        await held;
        await route.continue();
      },
      { times: 1 },
    );
    return { bodies, release };
  }

  async function consentedPage(viewport: { width: number; height: number }) {
    const context = await browser.newContext({ locale: 'fr-FR', viewport });
    const page = await context.newPage();
    await page.goto(`${running.url}/chat`);
    await page.getByRole('button', { name: "OK, c'est parti" }).click();
    await page.getByRole('button', { name: '18 à 25 ans' }).click();
    await page.getByText('Que veux-tu faire ?').waitFor();
    return { context, page };
  }

  it('follows an association and asks it a question from an opportunity, on a phone', async () => {
    const { context, page } = await consentedPage({ width: 390, height: 780 });
    await page.getByLabel('Écris ton message…').fill('maraude');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Détails' }).last().click();
    await page.getByRole('button', { name: 'Suivre Entraide Étudiante Paris' }).last().click();
    await page.getByText('tu suis maintenant Entraide Étudiante Paris').waitFor();
    // Once followed, the details no longer offer it.
    await page.getByRole('button', { name: 'Poser une question' }).last().waitFor();
    expect(await page.locator('.choices').last().getByText('Suivre Entraide Étudiante Paris').count()).toBe(0);
    await page.getByRole('button', { name: 'Poser une question' }).last().click();
    await page.getByLabel('Écris ton message…').fill('Faut-il une formation avant ?');
    await page.keyboard.press('Enter');
    await page.getByText('ta question est transmise à Entraide Étudiante Paris').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: path.join(os.tmpdir(), 'chat-follow-question.png'), fullPage: false });
    await context.close();
  }, 60_000);

  it('sends what is written while the bot is still answering once it has, in order, never dropping it', async () => {
    const { context, page } = await consentedPage({ width: 390, height: 780 });
    // The first answer is slow to come: a phone on a poor connection.
    const { bodies, release } = await holdNextMessage(page);
    const field = page.getByLabel('Écris ton message…');
    await field.fill('jardin');
    await page.keyboard.press('Enter');
    await field.fill('maraude');
    await page.keyboard.press('Enter');
    expect(await field.inputValue()).toBe('');
    expect(await page.locator('.row.me .bubble').allTextContents()).toEqual([
      "OK, c'est parti",
      '18 à 25 ans',
      'jardin',
      'maraude',
    ]);
    // Only the first is on its way; the second waits for its answer.
    expect(bodies.filter((body) => body.includes('"text"'))).toHaveLength(1);
    release();
    await page.getByText('Maraude solidaire du soir').first().waitFor();
    const texts = bodies.map((body) => (JSON.parse(body) as { text?: string }).text).filter(Boolean);
    expect(texts).toEqual(['jardin', 'maraude']);
    // Both answered, in the order written.
    const log = await page.locator('#log').innerText();
    expect(log.indexOf('Jardiner au potager partagé')).toBeGreaterThan(-1);
    expect(log.indexOf('Jardiner au potager partagé')).toBeLessThan(log.indexOf('Maraude solidaire du soir'));
    await context.close();
  }, 60_000);

  it('never sends what was written while "oublie-moi" was being answered: it is forgotten with the rest', async () => {
    const { context, page } = await consentedPage({ width: 390, height: 780 });
    const field = page.getByLabel('Écris ton message…');
    await field.fill('oublie-moi');
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('button', { name: 'Oui, tout effacer' });
    await confirm.waitFor();
    const { bodies, release } = await holdNextMessage(page);
    await confirm.click();
    await field.fill('Zéphyrin est encore là');
    await page.keyboard.press('Enter');
    release();
    await page.waitForFunction(() => window.localStorage.getItem('mobot.history') === null);
    // Time enough for a queued message to have gone out, were it sent.
    await page.waitForTimeout(500);
    expect(bodies).toHaveLength(1);
    expect(bodies.join('')).not.toContain('Zéphyrin');
    expect(await page.locator('#log').innerText()).not.toContain('Zéphyrin');
    await context.close();
  }, 60_000);

  it('follows the conversation’s language: header, field, buttons and title, also after a reload', async () => {
    const { context, page } = await consentedPage({ width: 390, height: 780 });
    await page.getByLabel('Écris ton message…').fill('langue');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText("Got it, we'll continue in English.").waitFor();
    const words = () =>
      page.evaluate(() => ({
        lang: document.documentElement.lang,
        title: document.title,
        name: document.querySelector('.name')!.textContent,
        placeholder: document.querySelector<HTMLInputElement>('#text')!.placeholder,
        send: document.querySelector('#send')!.textContent,
        menu: document.querySelector('#menu')!.textContent,
      }));
    const english = {
      lang: 'en',
      title: 'Chat with the bot',
      name: 'Mobilisation bot',
      placeholder: 'Type your message…',
      send: 'Send',
      menu: 'Menu',
    };
    expect(await words()).toEqual(english);
    await page.reload();
    await page.getByText("Got it, we'll continue in English.").waitFor();
    expect(await words()).toEqual(english);
    await context.close();
  }, 60_000);

  it('keeps a menu button on screen that brings the menu back from anywhere', async () => {
    const { context, page } = await consentedPage({ width: 390, height: 780 });
    await page.getByLabel('Écris ton message…').fill('jardin');
    await page.keyboard.press('Enter');
    await page.locator('.card').first().waitFor();
    await page.getByRole('button', { name: 'Menu', exact: true }).first().click();
    await page.waitForFunction(() => document.querySelectorAll('.row.bot .bubble').length > 0);
    await expect(lastBotText(page).innerText()).resolves.toBe('Que veux-tu faire ?');
    expect(await page.locator('#menu').isVisible()).toBe(true);
    await context.close();
  }, 60_000);

  it('lets a laptop browse the results with arrows and the keyboard', async () => {
    const { context, page } = await consentedPage({ width: 1280, height: 800 });
    await page.getByLabel('Écris ton message…').fill('bénévolat');
    await page.keyboard.press('Enter');
    await page.locator('.card').first().waitFor();
    const strip = page.locator('.cards').last();
    const scrolled = () => strip.evaluate((element) => element.scrollLeft);
    expect(await page.getByRole('button', { name: 'Précédent' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.waitForFunction(() => document.querySelector('.cards')!.scrollLeft > 100);
    const afterArrow = await scrolled();
    await strip.focus();
    await page.keyboard.press('ArrowRight');
    await page.waitForFunction((before) => document.querySelector('.cards')!.scrollLeft > before + 100, afterArrow);
    expect(await page.getByRole('button', { name: 'Précédent' }).isDisabled()).toBe(false);
    await page.screenshot({ path: path.join(os.tmpdir(), 'chat-laptop-results.png') });
    await context.close();
  }, 60_000);

  it('shares a link through the device’s share sheet, or copies it where there is none', async () => {
    const { context, page } = await consentedPage({ width: 390, height: 780 });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: running.url });
    await page.getByLabel('Écris ton message…').fill('jardin');
    await page.keyboard.press('Enter');
    await page.locator('.card').first().getByRole('button', { name: 'Partager' }).click();
    const share = page.getByRole('button', { name: 'Partager le lien' });
    await share.click();
    await page.getByText('Lien copié ! Colle-le où tu veux.').waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    // The public page, previewed wherever it is pasted, with a signed reference.
    expect(copied).toMatch(/\/o\/potager-samedi\?r=s[\w-]+$/);

    await page.evaluate(() => {
      const shared: ShareData[] = [];
      (window as unknown as { shared: ShareData[] }).shared = shared;
      Object.defineProperty(navigator, 'share', {
        value: (data: ShareData) => {
          shared.push(data);
          return Promise.resolve();
        },
      });
    });
    await share.click();
    const shared = await page.evaluate(() => (window as unknown as { shared: ShareData[] }).shared);
    expect(shared).toEqual([{ title: 'Jardiner au potager partagé', url: copied }]);
    await context.close();
  }, 60_000);

  it('shows focus with at least 3:1 contrast against what surrounds it', async () => {
    const { context, page } = await consentedPage({ width: 390, height: 780 });
    const targets = ['#menu', '#text', '#send', '.choice'];
    for (const selector of targets) {
      await page.locator(selector).first().focus();
      await page.keyboard.press('Shift+Tab');
      await page.keyboard.press('Tab');
      const ratio = await page
        .locator(selector)
        .first()
        .evaluate((element) => {
          const style = getComputedStyle(element);
          const rgb = (color: string) => (color.match(/[\d.]+/g) ?? []).slice(0, 4).map(Number);
          const luminance = ([r, g, b]: number[]) => {
            const channel = (value: number) => {
              const c = value / 255;
              return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
            };
            return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
          };
          // What shows around the element: the first ancestor with a background colour.
          let around: Element | null = element.parentElement;
          let background = 'rgb(255, 255, 255)';
          while (around) {
            const color = rgb(getComputedStyle(around).backgroundColor);
            if (color.length === 3 || (color.length === 4 && color[3] > 0)) {
              background = getComputedStyle(around).backgroundColor;
              break;
            }
            around = around.parentElement;
          }
          if (style.outlineStyle === 'none' || parseFloat(style.outlineWidth) < 2) return 0;
          const [a, b] = [luminance(rgb(style.outlineColor)), luminance(rgb(background))];
          return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        });
      expect({ selector, ratio: ratio >= 3 }).toEqual({ selector, ratio: true });
    }
    await context.close();
  }, 60_000);
});

async function expectVisible(locator: ReturnType<Page['locator']>): Promise<void> {
  await locator.waitFor({ state: 'visible' });
}
