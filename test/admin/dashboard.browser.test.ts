/**
 * The dashboard in a real Chromium: signing in, creating and publishing an opportunity (with an
 * error shown next to its field first), a broadcast with its progress and results, the statistics
 * page; on a phone-sized screen, by keyboard where it matters. Skips, saying so, without Chromium.
 */
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { addAccount } from '../support/accounts';
import { createEmbeddedStore } from '../../src/store/embedded';
import { contact } from '../support/factories';
import { chromiumAvailable, launchChromium } from '../support/chromium';
import { startApp, type RunningApp } from '../support/server';

const available = chromiumAvailable('Dashboard browser tests');

(available ? describe : describe.skip)('dashboard in Chromium', () => {
  let running: RunningApp;
  let browser: Browser;

  beforeAll(async () => {
    const store = createEmbeddedStore();
    await store.organisations.save({ id: 'org-a', name: 'Les Jardins', createdAt: '2026-11-01T00:00:00.000Z' });
    await addAccount(store, { id: 'acc-a', email: 'lea@jardins.example', name: 'Léa', organisationId: 'org-a' });
    for (const [id, visitor] of [
      ['v1', 'visitor-aaaaaaaaaaaaaaaa'],
      ['v2', 'visitor-bbbbbbbbbbbbbbbb'],
    ]) {
      await store.contacts.findOrCreate({ channel: 'web', externalId: visitor }, () =>
        contact({
          id,
          identities: [{ channel: 'web', externalId: visitor }],
          region: 'occitanie',
          follows: ['org-a'],
          consentAt: '2026-11-01T00:00:00.000Z',
          lastInboundChannel: 'web',
        }),
      );
    }
    running = await startApp({
      store,
      selfAddressed: true,
      env: { ADMIN_TOKEN: 'bootstrap-token-0123456789', DEMO_DATA: 'false' },
    });
    running.app.dispatcher.start();
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
  });

  it('signs in, publishes an opportunity, sends a broadcast and follows it, reads the statistics', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 390, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));

    await page.goto(`${running.url}/admin/opportunities`);
    await page.waitForURL(/\/admin\/login/);
    // The first Tab reaches the skip link: keyboard users are not made to cross the header.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Aller au contenu');
    await page.getByLabel('Adresse e-mail').fill('lea@jardins.example');
    await page.getByLabel('Mot de passe').fill('correct horse battery');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: 'Propositions' }).waitFor();

    await page.getByRole('link', { name: 'Nouvelle proposition' }).click();
    await page.getByLabel('Résumé (français)').fill('Une matinée au potager');
    await page.getByLabel('Région').selectOption('occitanie');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    const titleField = page.getByLabel('Titre (français)');
    await page.getByText('Corrigez les champs signalés ci-dessous.').waitFor();
    expect(await titleField.getAttribute('aria-invalid')).toBe('true');
    await titleField.fill('Potager solidaire');
    await page.getByLabel('Début').fill('2026-12-05T10:00');
    await page.getByRole('button', { name: 'Enregistrer' }).click();
    await page.getByText('Enregistré.').waitFor();
    await page.getByRole('button', { name: 'Publier' }).click();
    await page.getByText('Publiée : les alertes partent.').waitFor();
    const statsUrl = `${page.url().split('?')[0]}/stats`;
    expect(await page.locator('.preview.messenger .preview-title').textContent()).toBe('Potager solidaire');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    await page.getByRole('link', { name: 'Diffusions' }).click();
    await page.getByLabel('Texte en français').fill('Venez nombreux samedi !');
    await page.getByLabel(/^Texte en anglais/).fill('Come along on Saturday!');
    await page.getByLabel('Proposition jointe (facultatif)').selectOption({ label: 'Potager solidaire' });
    await page.getByLabel('Région').selectOption('occitanie');
    await page.getByRole('button', { name: 'Compter le public' }).click();
    await page.getByText('2 personne(s) joignable(s) sur 2').waitFor();
    // Nothing goes before a review that names how many people, who is left out, and when.
    await page.getByRole('button', { name: 'Vérifier avant d’envoyer' }).click();
    await page.getByText('2 personnes recevront ce message.').waitFor();
    await page.getByText('Come along on Saturday!', { exact: true }).waitFor();
    await page.getByText('Envoi dès la confirmation.').waitFor();
    expect(await running.app.store.broadcasts.list()).toHaveLength(0);
    await page.screenshot({ path: path.join(os.tmpdir(), 'dashboard-broadcast-review.png') });
    await page.getByRole('button', { name: 'Envoyer à 2 personnes' }).click();
    await page.waitForURL(/\/admin\/broadcasts\/[^/]+$/);
    await page.getByText('Terminée').waitFor({ timeout: 15_000 });
    expect(await page.locator('#broadcast-count').textContent()).toBe('2 / 2');
    const webRow = page.locator('#broadcast-results tr', { hasText: 'Chat web' });
    expect(await webRow.locator('td').first().textContent()).toBe('2');

    await page.goto(statsUrl);
    await page.getByRole('heading', { name: 'Statistiques : Potager solidaire' }).waitFor();
    expect(await page.locator('[data-total="reached"]').textContent()).toBe('2');
    // The funnel reads as text too (its drawing is hidden from screen readers), without a script.
    await page.getByRole('heading', { name: 'Du partage à la présence' }).waitFor();
    expect(await page.locator('.funnel svg').getAttribute('aria-hidden')).toBe('true');
    expect(await page.locator('.funnel-steps li').allTextContents()).toEqual([
      '0 vues de la page publique',
      '0 arrivées par un lien (—)',
      '0 inscriptions de ces personnes (—)',
      '0 présences (—)',
    ]);
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('makes one broadcast when the coordinator clicks "send" again while the first click is answered', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${running.url}/admin/broadcasts`);
    await page.getByLabel('Adresse e-mail').fill('lea@jardins.example');
    await page.getByLabel('Mot de passe').fill('correct horse battery');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByLabel('Texte en français').fill('Une seule fois, même cliqué deux fois');
    await page.getByLabel('Région').selectOption('occitanie');
    await page.getByRole('button', { name: 'Vérifier avant d’envoyer' }).click();
    // The first click's answer is slow to come back (the server has it), so the coordinator clicks again.
    const posted: string[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST') posted.push(request.url());
    });
    await page.route(
      '**/admin/broadcasts',
      async (route) => {
        const response = await route.fetch({ maxRedirects: 0 });
        await new Promise((resolve) => setTimeout(resolve, 1000));
        // The browser may have dropped this navigation for the second click's.
        await route.fulfill({ response }).catch(() => undefined);
      },
      { times: 1 },
    );
    const box = (await page.getByRole('button', { name: 'Envoyer à 2 personnes' }).boundingBox())!;
    // The mouse itself: it does not wait for the first click's page as a locator's click would.
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForTimeout(300);
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    // Not waitForURL: the first click's navigation is aborted for the second's, which it would report.
    await page.getByText('Terminée').waitFor({ timeout: 15_000 });
    const made = (await running.app.store.broadcasts.list()).filter(
      (broadcast) => broadcast.text === 'Une seule fois, même cliqué deux fois',
    );
    expect(posted).toHaveLength(2);
    expect(made).toHaveLength(1);
    expect(page.url()).toBe(`${running.url}/admin/broadcasts/${made[0].id}`);
    expect(await page.locator('#broadcast-count').textContent()).toBe('2 / 2');
    await context.close();
  }, 60_000);
});
