import { startApp, type RunningApp } from '../support/server';

const VISITOR = 'visitor-0123456789abcdef';

describe('HTTP: web chat API, page, calendar, health', () => {
  let running: RunningApp;
  beforeAll(async () => {
    running = await startApp();
  });
  afterAll(async () => {
    await running.close();
  });

  const post = (body: unknown, raw?: string) =>
    fetch(`${running.url}/chat/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: raw ?? JSON.stringify(body),
    });

  it('reports health with the store', async () => {
    const response = await fetch(`${running.url}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', store: { ok: true, kind: 'embedded', detail: 'in memory' } });
  });

  it('answers a conversation through the API and recognises a retried message', async () => {
    const first = await post({ visitorId: VISITOR, messageId: 'm1', start: {} });
    expect(first.status).toBe(200);
    const body = (await first.json()) as { messages: { text: string }[]; locale: string; duplicate: boolean };
    expect(body.locale).toBe('fr');
    expect(body.messages[0].text).toMatch(/^Salut/);
    const retried = (await (await post({ visitorId: VISITOR, messageId: 'm1', start: {} })).json()) as typeof body;
    expect(retried.duplicate).toBe(true);
    expect(retried.messages).toEqual(body.messages);
  });

  // Which bodies are refused, and why: test/channels/web.test.ts. Here: a refusal is a 400 saying why.
  it('refuses a body it cannot use with 400 and the reason', async () => {
    const response = await post({ visitorId: 'short', text: 'hi' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'visitorId: must be 16 to 64 letters, digits, - or _' });
  });

  it('refuses a body that is not JSON, or too large', async () => {
    const broken = await post(undefined, '{"visitorId":');
    expect(broken.status).toBe(400);
    expect(await broken.json()).toEqual({ error: 'the body is not valid JSON' });
    const huge = await post(undefined, JSON.stringify({ visitorId: VISITOR, text: 'é'.repeat(100_000) }));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toEqual({ error: 'the body is too large' });
  });

  it('offers "mes données" as a file: everything kept about the visitor, as JSON, never cached', async () => {
    const visitor = 'export-visitor-0123456789';
    const say = async (messageId: string, fields: Record<string, unknown>) =>
      (await (await post({ visitorId: visitor, messageId, ...fields })).json()) as {
        messages: { choices?: { label: string; url?: string }[] }[];
      };
    await say('e1', { start: {} });
    await say('e2', { payload: 'welcome.hello/accept' });
    await say('e3', { payload: 'welcome.age/young' });
    const data = await say('e4', { text: 'mes données' });
    const link = data.messages.flatMap((message) => message.choices ?? []).find((choice) => choice.url);
    expect(link?.label).toBe('Télécharger mes données (JSON)');
    const url = new URL(link!.url!);
    expect(url.pathname).toBe('/chat/api/export');
    const file = await fetch(`${running.url}${url.pathname}${url.search}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toBe('attachment; filename=mes-donnees.json');
    expect(file.headers.get('cache-control')).toBe('no-store');
    const kept = (await file.json()) as { profile: { identities: unknown[]; ageBracket: string }; signups: unknown[] };
    expect(kept.profile.identities).toEqual([{ channel: 'web', id: visitor }]);
    expect(kept.profile.ageBracket).toBe('18to25');
    expect(kept.signups).toEqual([]);
    expect((await fetch(`${running.url}/chat/api/export?visitorId=nobody-here-0123456789`)).status).toBe(404);
    expect((await fetch(`${running.url}/chat/api/export?visitorId=short`)).status).toBe(400);
  });

  it('refuses JSON nested deeper than any message needs, before parsing it, and keeps serving', async () => {
    const deep = await post(undefined, `{"visitorId":"${VISITOR}","text":${'['.repeat(5000)}${']'.repeat(5000)}}`);
    expect(deep.status).toBe(400);
    expect(await deep.json()).toEqual({ error: 'the body nests deeper than 32 levels' });
    // Brackets inside a string are text, not nesting.
    const typed = await post({ visitorId: VISITOR, messageId: 'm-brackets', text: '['.repeat(100) });
    expect(typed.status).toBe(200);
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
  });

  it('serves the chat page in the visitor’s language, with a strict content policy', async () => {
    const french = await fetch(`${running.url}/chat`, { headers: { 'accept-language': 'fr-FR,fr;q=0.9' } });
    const html = await french.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('placeholder="Écris ton message…"');
    expect(french.headers.get('content-security-policy')).toContain("script-src 'self'");
    const english = await (await fetch(`${running.url}/chat?lang=en`)).text();
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('Type your message…');
    expect((await fetch(`${running.url}/chat/assets/chat.js`)).status).toBe(200);
  });

  it('is installable: a favicon, icons, and a web app manifest in the page’s language', async () => {
    const favicon = await fetch(`${running.url}/favicon.ico`);
    expect(favicon.status).toBe(200);
    expect(favicon.headers.get('content-type')).toBe('image/vnd.microsoft.icon');
    const html = await (await fetch(`${running.url}/chat?lang=en`)).text();
    expect(html).toContain('<link rel="manifest" href="/chat/manifest.webmanifest?lang=en" />');
    const response = await fetch(`${running.url}/chat/manifest.webmanifest?lang=en`);
    expect(response.headers.get('content-type')).toMatch(/^application\/manifest\+json/);
    const manifest = (await response.json()) as {
      name: string;
      display: string;
      start_url: string;
      icons: { src: string; sizes: string }[];
    };
    expect(manifest).toMatchObject({ name: 'Chat with the bot', display: 'standalone', start_url: '/chat?lang=en' });
    // Chromium installs an app with a 192 and a 512 pixel icon; each must really be there.
    expect(manifest.icons.map((icon) => icon.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of manifest.icons) expect((await fetch(`${running.url}${icon.src}`)).status).toBe(200);
  });

  it('carries the page’s words in both languages, safe inside the page', async () => {
    const html = await (await fetch(`${running.url}/chat`)).text();
    const block = /<script type="application\/json" id="ui-texts">([^<]*)<\/script>/.exec(html);
    const texts = JSON.parse(block![1]) as Record<string, Record<string, string>>;
    expect(texts.en.placeholder).toBe('Type your message…');
    expect(texts.fr.send).toBe('Envoyer');
  });

  it('takes the menu button as a command, and refuses any other command', async () => {
    const visitor = 'visitor-menu-0123456789';
    await post({ visitorId: visitor, start: {} });
    const menu = (await (await post({ visitorId: visitor, command: 'menu' })).json()) as {
      messages: { text: string }[];
    };
    expect(menu.messages.at(-1)?.text).toBe('Que veux-tu faire ?');
    const refused = await post({ visitorId: visitor, command: 'forget' });
    expect(refused.status).toBe(400);
  });

  it('serves calendar files for dated opportunities only', async () => {
    const ics = await fetch(`${running.url}/calendar/potager-samedi.ics?lang=en`);
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toMatch(/^text\/calendar/);
    const text = await ics.text();
    expect(text).toContain('SUMMARY:Gardening at the shared vegetable plot');
    expect(text).toContain('TRIGGER:-PT1440M');
    expect((await fetch(`${running.url}/calendar/animateur-scout.ics`)).status).toBe(404);
    expect((await fetch(`${running.url}/calendar/nope.ics`)).status).toBe(404);
    expect((await fetch(`${running.url}/calendar/..%2Fetc.ics`)).status).toBe(404);
  });

  it('serves the demo images and answers unknown paths with a JSON 404', async () => {
    const image = await fetch(`${running.url}/media/demo/garden.png`);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toBe('image/png');
    const missing = await fetch(`${running.url}/nowhere`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'not found' });
  });
});
