/** The public page of an opportunity: its preview tags, structured data, language, links and statuses. */
import { openRef } from '../../src/domain/share';
import { signedRef } from '../support/sharing';
import type { Store } from '../../src/domain/ports';
import { createEmbeddedStore } from '../../src/store/embedded';
import { opportunity } from '../support/factories';
import { startApp, type RunningApp } from '../support/server';

describe('public opportunity page', () => {
  let running: RunningApp;
  let store: Store;

  const open = async (path: string, language = 'fr-FR,fr;q=0.9') => {
    const response = await fetch(`${running.url}${path}`, { headers: { 'accept-language': language } });
    const html = await response.text();
    const meta = (property: string) =>
      new RegExp(`<meta (?:property|name)="${property}" content="([^"]*)">`).exec(html)?.[1];
    const jsonLd = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(html)?.[1];
    return { response, html, meta, data: jsonLd ? (JSON.parse(jsonLd) as Record<string, unknown>) : undefined };
  };

  beforeAll(async () => {
    store = createEmbeddedStore();
    await store.organisations.save({ id: 'org', name: 'Les Jardins', createdAt: '2026-11-01T00:00:00.000Z' });
    await store.opportunities.save(
      opportunity({
        id: 'garden',
        organisationId: 'org',
        title: { fr: 'Jardin <partagé>', en: 'Shared garden' },
        summary: { fr: 'Une matinée au potager', en: 'A morning in the vegetable garden' },
        mediaUrl: 'https://cdn.example/garden.jpg',
        capacity: 10,
        startsAt: '2026-12-05T09:00:00.000Z',
        endsAt: '2026-12-05T12:00:00.000Z',
      }),
    );
    for (let n = 1; n <= 3; n++)
      await store.signups.request({
        id: `s${n}`,
        contactId: `c${n}`,
        opportunityId: 'garden',
        channel: 'web',
        capacity: 10,
        joinWaitlist: false,
        now: '2026-11-20T10:00:00.000Z',
      });
    await store.opportunities.save(
      opportunity({ id: 'intern', organisationId: 'org', kind: 'placement', mediaUrl: 'https://cdn.example/clip.mp4' }),
    );
    await store.opportunities.save(opportunity({ id: 'draft', organisationId: 'org', status: 'draft' }));
    await store.opportunities.save(opportunity({ id: 'old', organisationId: 'org', status: 'archived' }));
    running = await startApp({ store, env: { DEMO_DATA: 'false' } });
  });
  afterAll(() => running.close());

  it('previews the opportunity itself wherever the link is pasted, with absolute addresses', async () => {
    const { response, html, meta, data } = await open('/o/garden');
    expect(response.status).toBe(200);
    expect(response.headers.get('set-cookie')).toBeNull();
    expect(meta('og:title')).toBe('Jardin &lt;partagé&gt;');
    expect(meta('og:description')).toBe('Une matinée au potager');
    expect(meta('og:url')).toBe('https://bot.example/o/garden');
    expect(meta('og:image')).toBe('https://cdn.example/garden.jpg');
    expect(meta('twitter:card')).toBe('summary_large_image');
    expect(data).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'Event',
      name: 'Jardin <partagé>',
      startDate: expect.any(String),
      organizer: { '@type': 'Organization', name: 'Les Jardins' },
      url: 'https://bot.example/o/garden',
    });
    expect(html).toContain('<h1>Jardin &lt;partagé&gt;</h1>');
    expect(html).toContain('7 places restantes');
    expect(html).not.toContain('<script>');
  });

  it('speaks the visitor’s language and offers the other one', async () => {
    const { html, meta } = await open('/o/garden', 'en-GB,en;q=0.8');
    expect(html).toContain('<html lang="en">');
    expect(meta('og:title')).toBe('Shared garden');
    expect(html).toContain('Continue here, no app needed');
    expect(html).toMatch(/href="\/o\/garden\?lang=fr&amp;r=[\w-]+" hreflang="fr">Français</);
    expect((await open('/o/garden?lang=fr', 'en')).html).toContain('<html lang="fr">');
  });

  it('carries the share reference it came with to the chat, and only a reference for this opportunity', async () => {
    const shared = signedRef('garden', 'c42');
    const own = await open(`/o/garden?r=${shared}`);
    expect(own.html).toContain(`href="https://bot.example/chat?start=${shared}"`);
    const other = signedRef('intern', 'c42');
    const wrong = await open(`/o/garden?r=${other}`);
    expect(wrong.html).not.toContain(other);
    expect(wrong.html).toContain(`href="https://bot.example/chat?start=${openRef('garden')}"`);
    // Only channels that run get a button: here the web chat alone.
    expect(own.html).not.toContain('Ouvrir dans Telegram');
    expect(own.html).not.toContain('Ouvrir dans Messenger');
  });

  it('describes a placement as a job posting, and a video as a video', async () => {
    const { meta, data } = await open('/o/intern');
    expect(data).toMatchObject({
      '@type': 'JobPosting',
      employmentType: 'INTERN',
      hiringOrganization: { name: 'Les Jardins' },
    });
    expect(meta('og:video')).toBe('https://cdn.example/clip.mp4');
    expect(meta('og:image')).toBeUndefined();
  });

  it('says a draft or unknown one is not there (404), and an archived one is over (410)', async () => {
    const draft = await open('/o/draft');
    expect(draft.response.status).toBe(404);
    expect(draft.response.headers.get('cache-control')).toBe('no-store');
    expect((await open('/o/nothing-here')).response.status).toBe(404);
    const old = await open('/o/old');
    expect(old.response.status).toBe(410);
    expect(old.html).toContain('Cette proposition est terminée.');
  });
});
