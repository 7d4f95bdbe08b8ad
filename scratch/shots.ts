import { chromium } from 'playwright-core';
import { hashPassword } from '../src/admin/passwords';
import { createEmbeddedStore } from '../src/store/embedded';
import { opportunity } from '../test/support/factories';
import { startApp } from '../test/support/server';

const DAYS_AGO = (n: number, hour = 12) => new Date(Date.UTC(2026, 10, 24 - n, hour)).toISOString();
(async () => {
  const store = createEmbeddedStore();
  await store.organisations.save({ id: 'org-a', name: 'Les Jardins', createdAt: DAYS_AGO(200) });
  await store.accounts.create({
    id: 'root', email: 'root@example.org', name: 'Root', role: 'admin',
    passwordHash: await hashPassword('correct horse battery'), locale: 'fr', createdAt: DAYS_AGO(200),
  });
  await store.opportunities.save(opportunity({ id: 'o1', organisationId: 'org-a', mediaUrl: `https://picsum.photos/400`, createdAt: DAYS_AGO(40), startsAt: DAYS_AGO(-5), capacity: 30 }));
  let n = 0;
  for (let d = 0; d < 90; d++) {
    const count = Math.floor((Math.sin(d / 6) + 1.2) * 2);
    for (let k = 0; k < count; k++) await store.signups.request({ id: `s${++n}`, contactId: `c${n}`, opportunityId: 'o1', channel: 'web', firstName: `P${n}`, joinWaitlist: false, now: DAYS_AGO(d) });
    for (let k = 0; k < (d % 5); k++) await store.metrics.record({ id: `m${++n}`, type: 'share_link_created', opportunityId: 'o1', channel: 'web', at: DAYS_AGO(d) });
  }
  await store.broadcasts.save({ id: 'b1', organisationId: 'org-a', text: 'Rendez-vous samedi au jardin', audience: { region: 'occitanie' }, status: 'scheduled', sendAt: DAYS_AGO(-3), createdBy: 'root', createdAt: DAYS_AGO(1), updatedAt: DAYS_AGO(1) });
  const running = await startApp({ store, selfAddressed: true, env: { DEMO_DATA: 'false' } });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  for (const [name, width] of [['laptop', 1280], ['phone', 390]] as const) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    await page.goto(`${running.url}/admin/login`);
    await page.fill('input[name=email]', 'root@example.org');
    await page.fill('input[name=password]', 'correct horse battery');
    await page.click('button[type=submit]');
    await page.goto(`${running.url}/admin/broadcasts`);
    await page.selectOption('select[name=organisationId]', 'org-a');
    await page.fill('textarea[name="text.fr"]', 'Venez nombreux samedi au jardin !');
    await page.fill('textarea[name="text.en"]', 'Come along on Saturday!');
    await page.selectOption('select[name=opportunityId]', 'o1');
    await page.click('button[value=review]');
    await page.screenshot({ path: `/tmp/shot-review-${name}.png`, fullPage: true });
    for (const [shot, path] of [['overview', '/admin/overview?days=90'], ['edit', '/admin/broadcasts/b1/edit'], ['opps', '/admin/opportunities'], ['org', '/admin/organisation?id=org-a']]) {
      await page.goto(`${running.url}${path}`);
      await page.screenshot({ path: `/tmp/shot-${shot}-${name}.png`, fullPage: true });
    }
  }
  await browser.close();
  await running.close();
})();
