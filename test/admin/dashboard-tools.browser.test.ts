/**
 * The coordinator's tools in a real Chromium, at laptop and at phone width: uploading a picture,
 * composing a broadcast with it and changing it while scheduled, the overview's chart, a filtered
 * list. On every page: no horizontal scrolling, every label tied to one field, no duplicate id.
 * Skips, saying so, without Chromium.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { addAccount } from '../support/accounts';
import { createEmbeddedStore } from '../../src/store/embedded';
import { opportunity } from '../support/factories';
import { chromiumAvailable, launchChromium } from '../support/chromium';
import { startApp, type RunningApp } from '../support/server';

const available = chromiumAvailable('Dashboard tools browser tests');

/** What every page must hold to: fits the screen, labels point at one field each, ids are unique. */
async function pageIsSound(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    if (document.documentElement.scrollWidth > window.innerWidth)
      problems.push(`${location.pathname}: scrolls sideways`);
    const ids = Array.from(document.querySelectorAll('[id]'), (element) => element.id);
    for (const id of new Set(ids.filter((id, index) => ids.indexOf(id) !== index)))
      problems.push(`${location.pathname}: id ${id} twice`);
    for (const label of Array.from(document.querySelectorAll('label[for]'))) {
      const target = document.getElementById(label.getAttribute('for') ?? '');
      if (!target || !['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName))
        problems.push(`${location.pathname}: label "${label.textContent ?? ''}" points at no field`);
    }
    return problems;
  });
}

(available ? describe : describe.skip)('dashboard tools in Chromium', () => {
  let running: RunningApp;
  let browser: Browser;
  let picture: string;

  beforeAll(async () => {
    const store = createEmbeddedStore();
    await store.organisations.save({ id: 'org-a', name: 'Les Jardins', createdAt: '2026-11-01T00:00:00.000Z' });
    await addAccount(store, { id: 'acc-a', email: 'lea@jardins.example', name: 'Léa', organisationId: 'org-a' });
    await store.opportunities.save(
      opportunity({ id: 'garden', organisationId: 'org-a', kind: 'volunteering', title: { fr: 'Jardin partagé' } }),
    );
    await store.opportunities.save(
      opportunity({ id: 'meet', organisationId: 'org-a', kind: 'meeting', title: { fr: 'Réunion de rentrée' } }),
    );
    await store.signups.request({
      id: 's1',
      contactId: 'c1',
      opportunityId: 'garden',
      channel: 'web',
      joinWaitlist: false,
      now: '2026-11-20T10:00:00.000Z',
    });
    picture = path.join(os.tmpdir(), `affiche-${process.pid}.png`);
    await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#3a7' } })
      .png()
      .toFile(picture);
    running = await startApp({ store, selfAddressed: true, env: { DEMO_DATA: 'false' } });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    fs.rmSync(picture, { force: true });
  });

  for (const [name, viewport] of [
    ['laptop', { width: 1280, height: 800 }],
    ['phone', { width: 390, height: 800 }],
  ] as const) {
    it(`uploads, broadcasts, reschedules, charts and filters at ${name} width`, async () => {
      const context = await browser.newContext({ locale: 'fr-FR', viewport });
      const page = await context.newPage();
      const errors: string[] = [];
      const problems: string[] = [];
      page.on('pageerror', (error) => errors.push(String(error)));
      const check = async () => problems.push(...(await pageIsSound(page)));

      await page.goto(`${running.url}/admin/login`);
      await page.getByLabel('Adresse e-mail').fill('lea@jardins.example');
      await page.getByLabel('Mot de passe').fill('correct horse battery');
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.getByRole('heading', { name: 'Propositions' }).waitFor();

      // A picture uploaded, then its address used in a broadcast.
      await page.getByRole('link', { name: 'Médias' }).click();
      await page.getByLabel('Fichier').setInputFiles(picture);
      await page.getByRole('button', { name: 'Téléverser' }).click();
      await page.getByText('Fichier enregistré.').waitFor();
      await check();
      const address = await page.locator('.media-file input').first().inputValue();
      expect(address).toMatch(/\/media\/[\w-]+\.jpg$/);
      expect(
        await page
          .locator('.media-file img')
          .first()
          .evaluate((img: HTMLImageElement) => img.naturalWidth),
      ).toBe(1200);

      await page.getByRole('link', { name: 'Diffusions' }).click();
      await page.getByLabel('Texte en français').fill(`Portes ouvertes samedi (${name})`);
      await page.getByLabel(/^Image ou vidéo/).fill(address);
      await page.getByLabel('Envoyer plus tard (facultatif)').fill('2026-12-12T10:00');
      await check();
      await page.getByRole('button', { name: 'Vérifier avant d’envoyer' }).click();
      await page.getByText('Envoi programmé le').waitFor();
      // The preview shows the uploaded picture as it will go.
      const shown = page.locator('figure.preview[data-locale="fr"] img').first();
      expect(await shown.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1200);
      await check();
      await page.getByRole('button', { name: /^Enregistrer sans destinataire|^Envoyer à/ }).click();
      await page.waitForURL(/\/admin\/broadcasts\/[^/?]+$/);
      await page.getByText('Envoi prévu :').waitFor();

      // Changed and moved while it waits.
      await page.getByRole('link', { name: 'Modifier ou reprogrammer' }).click();
      await page.getByLabel('Texte en français').fill(`Portes ouvertes dimanche (${name})`);
      await page.getByLabel('Envoyer plus tard (facultatif)').fill('2026-12-13T15:30');
      await check();
      await page.getByRole('button', { name: 'Vérifier avant d’envoyer' }).click();
      await page.getByRole('button', { name: /^Enregistrer sans destinataire|^Envoyer à/ }).click();
      await page.getByText(`Portes ouvertes dimanche (${name})`).first().waitFor();
      expect(await page.locator('time').first().textContent()).toBe('dim. 13 déc. 2026, 15:30');

      // The overview's chart, drawn on the server.
      await page
        .getByRole('link', { name: 'Vue d’ensemble' })
        .or(page.getByRole('link', { name: "Vue d'ensemble" }))
        .click();
      await page.locator('#overview-chart').waitFor();
      const box = await page.locator('#overview-chart').boundingBox();
      expect(box!.width).toBeGreaterThan(250);
      expect(box!.width).toBeLessThanOrEqual(viewport.width);
      await check();

      // A list narrowed by its filters.
      await page.getByRole('link', { name: 'Propositions' }).click();
      await page.getByLabel('Type').selectOption('meeting');
      await page.getByRole('button', { name: 'Filtrer' }).click();
      await page.getByText('1 résultat').waitFor();
      expect(await page.locator('.cards h2').allTextContents()).toEqual(['Réunion de rentrée']);
      await check();
      await page.screenshot({ path: path.join(os.tmpdir(), `dashboard-tools-${name}.png`), fullPage: true });

      // Every other page, as sound: sign-ups, questions, alerts, association, account, a confirmation.
      for (const other of [
        '/admin/opportunities/garden/signups',
        '/admin/questions',
        '/admin/telegram',
        '/admin/organisation',
        '/admin/account',
        '/admin/opportunities/garden/status?to=archived',
        '/admin/opportunities/garden/stats',
      ]) {
        await page.goto(`${running.url}${other}`);
        await page.locator('h1').waitFor();
        await check();
      }

      expect(problems).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    }, 60_000);
  }
});
