/**
 * Uploading pictures and videos from the dashboard: pictures re-encoded without their metadata,
 * videos kept, sizes and kinds refused with a message, files served with their type, a long cache
 * and byte ranges.
 */
import sharp from 'sharp';
import { byteRange } from '../../src/admin/media-files';
import type { Store } from '../../src/domain/ports';
import { createEmbeddedStore } from '../../src/store/embedded';
import { startApp, type RunningApp } from '../support/server';
import { addAccount, signInCookie } from '../support/accounts';

describe('media uploads', () => {
  let running: RunningApp;
  let store: Store;
  const cookies: Record<string, string> = {};

  const upload = async (who: string, name: string, bytes: Uint8Array, type: string, csrf?: string) => {
    const page = await (await fetch(`${running.url}/admin/media`, { headers: { cookie: cookies[who] } })).text();
    const form = new FormData();
    form.append('_csrf', csrf ?? /name="_csrf" value="([^"]+)"/.exec(page)![1]);
    form.append('file', new Blob([Buffer.from(bytes)], { type }), name);
    const response = await fetch(`${running.url}/admin/media`, {
      method: 'POST',
      headers: { cookie: cookies[who] },
      body: form,
    });
    return { status: response.status, text: await response.text() };
  };
  const addressIn = (text: string) =>
    /Son adresse : https:\/\/bot\.example(\/media\/[\w-]+\.(?:jpg|mp4))/.exec(text)?.[1];

  beforeAll(async () => {
    store = createEmbeddedStore();
    for (const name of ['a', 'b']) {
      await store.organisations.save({ id: `org-${name}`, name: `Asso ${name}`, createdAt: '2026-11-01T00:00:00Z' });
      await addAccount(store, { id: `acc-${name}`, email: `${name}@example.org`, organisationId: `org-${name}` });
    }
    running = await startApp({ store });
    for (const name of ['a', 'b']) cookies[name] = (await signInCookie(running.url, `${name}@example.org`))!;
  });
  afterAll(() => running.close());

  it('re-encodes a picture upright, at most 1600 pixels, with no metadata left, and serves it', async () => {
    const original = await sharp({ create: { width: 3200, height: 1200, channels: 3, background: '#2a7' } })
      .withExif({ IFD0: { Copyright: 'Léa Martin, 12 rue des Lilas' } })
      .png()
      .toBuffer();
    expect((await sharp(original).metadata()).exif).toBeDefined();
    const done = await upload('a', 'affiche.png', original, 'image/png');
    expect(done.status).toBe(200);
    const address = addressIn(done.text)!;
    expect(address).toMatch(/\.jpg$/);
    const served = await fetch(`${running.url}${address}`);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(served.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const bytes = Buffer.from(await served.arrayBuffer());
    const stored = await sharp(bytes).metadata();
    expect([stored.format, stored.width, stored.height]).toEqual(['jpeg', 1600, 600]);
    expect(stored.exif).toBeUndefined();
    expect(bytes.includes(Buffer.from('Lilas'))).toBe(false);
    // The association's list shows it with its address; another association's does not.
    expect(await (await fetch(`${running.url}/admin/media`, { headers: { cookie: cookies.a } })).text()).toContain(
      `value="https://bot.example${address}"`,
    );
    expect(await (await fetch(`${running.url}/admin/media`, { headers: { cookie: cookies.b } })).text()).toContain(
      'Aucun fichier pour l&#39;instant.',
    );
  });

  it('keeps an MP4 video as sent and serves byte ranges', async () => {
    const video = new Uint8Array(4096).map((_, index) => index % 256);
    video.set(Buffer.from('ftypisom'), 4);
    const done = await upload('a', 'chantier.mp4', video, 'video/mp4');
    const address = addressIn(done.text)!;
    expect(address).toMatch(/\.mp4$/);
    const whole = await fetch(`${running.url}${address}`);
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await whole.arrayBuffer()).equals(Buffer.from(video))).toBe(true);
    const part = await fetch(`${running.url}${address}`, { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 100-199/4096');
    expect(Buffer.from(await part.arrayBuffer()).equals(Buffer.from(video.subarray(100, 200)))).toBe(true);
    expect((await fetch(`${running.url}${address}`, { headers: { range: 'bytes=5000-' } })).status).toBe(416);
    expect((await fetch(`${running.url}${address.replace('.mp4', '.jpg')}`)).status).toBe(404);
    expect(byteRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(byteRange('bytes=0-', 100)).toEqual({ start: 0, end: 99 });
    expect(byteRange('items=0-1', 100)).toBeUndefined();
  });

  it('refuses what is not a picture or a video, or too heavy, with a message', async () => {
    const text = await upload('a', 'notes.txt', Buffer.from('pas une image'), 'text/plain');
    expect(text.status).toBe(400);
    expect(text.text).toContain('n&#39;est ni une image JPEG, PNG ou WebP, ni une vidéo MP4');
    const heavy = new Uint8Array(21 * 1024 * 1024);
    heavy.set(Buffer.from('ftypisom'), 4);
    const tooBig = await upload('a', 'long.mp4', heavy, 'video/mp4');
    expect(tooBig.status).toBe(400);
    expect(tooBig.text).toContain('Le fichier est trop lourd');
    const bigPicture = Buffer.concat([
      await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } })
        .jpeg()
        .toBuffer(),
      Buffer.alloc(6 * 1024 * 1024),
    ]);
    expect((await upload('a', 'lourde.jpg', bigPicture, 'image/jpeg')).text).toContain('Le fichier est trop lourd');
    expect((await store.media.list('org-a')).length).toBe(2);
  });

  it('takes no file without a session or without the form’s token', async () => {
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('x')]), 'x.jpg');
    expect((await fetch(`${running.url}/admin/media`, { method: 'POST', body: form })).status).toBe(401);
    expect((await upload('a', 'x.png', Buffer.from('x'), 'image/png', 'forged-token')).status).toBe(403);
    expect((await fetch(`${running.url}/media/unknown-id.jpg`)).status).toBe(404);
  });
});
