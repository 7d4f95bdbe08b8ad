/**
 * The website widget in a real Chromium, on pages served from other origins: on a site listed in
 * WIDGET_ORIGINS the button opens the chat in a panel, on the association's opportunities; a site
 * not listed gets the button but the browser refuses to show the chat in its frame.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import type { Browser } from 'playwright-core';
import { createEmbeddedStore } from '../../src/store/embedded';
import { chromiumAvailable, launchChromium } from '../support/chromium';
import { opportunity } from '../support/factories';
import { startApp, type RunningApp } from '../support/server';

const available = chromiumAvailable('Widget browser tests');

/** An association's website: one page with the widget's script tag. */
async function website(botUrl: () => string, lang = 'fr'): Promise<{ origin: string; close: () => Promise<void> }> {
  const app = express();
  app.get('/', (_request, response) => {
    response
      .type('html')
      .send(
        `<!doctype html><html lang="${lang}"><head><title>Les Jardins</title></head><body><h1>Les Jardins</h1>` +
          `<script src="${botUrl()}/widget.js" data-association="org" async></script></body></html>`,
      );
  });
  const server: Server = await new Promise((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

(available ? describe : describe.skip)('website widget in Chromium', () => {
  let running: RunningApp;
  let browser: Browser;
  let allowed: Awaited<ReturnType<typeof website>>;
  let other: Awaited<ReturnType<typeof website>>;

  beforeAll(async () => {
    allowed = await website(() => running.url);
    other = await website(() => running.url, 'en');
    const store = createEmbeddedStore();
    await store.organisations.save({ id: 'org', name: 'Les Jardins', createdAt: '2026-11-01T00:00:00.000Z' });
    await store.organisations.save({ id: 'else', name: 'Ailleurs', createdAt: '2026-11-01T00:00:00.000Z' });
    await store.opportunities.save(
      opportunity({ id: 'garden', organisationId: 'org', title: { fr: 'Potager du jeudi' } }),
    );
    await store.opportunities.save(
      opportunity({ id: 'far', organisationId: 'else', title: { fr: 'Mission ailleurs' } }),
    );
    running = await startApp({
      store,
      selfAddressed: true,
      env: { DEMO_DATA: 'false', WIDGET_ORIGINS: allowed.origin },
    });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await allowed?.close();
    await other?.close();
  });

  it('opens the chat in a panel on a listed site, on that association’s opportunities, and closes it', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(String(error)));
    await page.goto(allowed.origin);
    const button = page.getByRole('button', { name: '💬 Discuter avec nous' });
    await button.waitFor();
    // Nothing from the bot's chat before the button is pressed.
    expect(page.frames()).toHaveLength(1);
    await button.click();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    const chat = page.frameLocator('iframe[title="Discussion avec le robot de mobilisation"]');
    await chat.getByText(/^Salut ! 👋/).waitFor();
    await chat.getByRole('button', { name: "OK, c'est parti" }).click();
    await chat.getByRole('button', { name: '18 à 25 ans' }).click();
    await chat.getByText('Potager du jeudi').first().waitFor();
    expect(await chat.getByText('Mission ailleurs').count()).toBe(0);
    await page.screenshot({ path: '/tmp/widget-desktop.png' });

    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    expect(await page.getByRole('button', { name: '💬 Discuter avec nous' }).getAttribute('aria-expanded')).toBe(
      'false',
    );
    expect(errors).toEqual([]);
    await context.close();
  }, 60_000);

  it('fills a phone’s screen', async () => {
    const context = await browser.newContext({ locale: 'fr-FR', viewport: { width: 390, height: 780 } });
    const page = await context.newPage();
    await page.goto(allowed.origin);
    await page.getByRole('button', { name: '💬 Discuter avec nous' }).click();
    const chat = page.frameLocator('iframe[title="Discussion avec le robot de mobilisation"]');
    await chat.getByText(/^Salut ! 👋/).waitFor();
    const box = await page.getByRole('dialog').boundingBox();
    expect(box).toMatchObject({ x: 0, width: 390 });
    await page.screenshot({ path: '/tmp/widget-phone.png' });
    await context.close();
  }, 60_000);

  it('is refused a frame on a site not listed in WIDGET_ORIGINS', async () => {
    const context = await browser.newContext({ locale: 'fr-FR' });
    const page = await context.newPage();
    const refused = page.waitForEvent('console', (message) => /frame-ancestors/.test(message.text()));
    await page.goto(other.origin);
    // An English site gets the button in English.
    await page.getByRole('button', { name: '💬 Chat with us' }).click();
    await refused;
    const chat = page.frameLocator('iframe[title="Chat with the mobilisation bot"]');
    expect(await chat.getByText(/^Salut ! 👋/).count()).toBe(0);
    await context.close();
  }, 60_000);
});
