/**
 * Sharing end to end over HTTP: the link a person takes in the web chat is the public page with a
 * signed reference; the page and the chat pass it on; views, arrivals and sign-ups are credited to
 * that person once, never to a name a forger chose; the signing key survives a restart.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { OutboundMessage } from '../../src/domain/messages';
import type { Store } from '../../src/domain/ports';
import { createEmbeddedStore } from '../../src/store/embedded';
import { opportunity } from '../support/factories';
import { startApp, type RunningApp } from '../support/server';

type Reply = { messages: OutboundMessage[]; contactId?: string };

function chat(running: RunningApp, visitorId: string) {
  let n = 0;
  const post = async (body: Record<string, unknown>): Promise<OutboundMessage[]> => {
    const response = await fetch(`${running.url}/chat/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ visitorId, messageId: `${visitorId}-${++n}`, ...body }),
    });
    expect(response.status).toBe(200);
    return ((await response.json()) as Reply).messages;
  };
  const payloadOf = (messages: OutboundMessage[], label: string): string => {
    const found = JSON.stringify(messages).match(
      new RegExp(`"(?:label|title)":"${label}","(?:payload|url)":"([^"]+)"`),
    );
    if (!found) throw new Error(`no "${label}" in ${JSON.stringify(messages)}`);
    return found[1];
  };
  return {
    post,
    /** Starts (through a link when `ref` is given), says yes and gives an adult's age. */
    async welcome(ref?: string) {
      await post({ start: ref ? { ref } : {} });
      await post({ payload: 'welcome.hello/accept' });
      return post({ payload: 'welcome.age/young' });
    },
    tap: async (messages: OutboundMessage[], label: string) => post({ payload: payloadOf(messages, label) }),
    payloadOf,
  };
}

const VISITOR = (name: string) => `visitor-${name.padEnd(16, '0')}`;

async function seed(store: Store): Promise<void> {
  await store.organisations.save({ id: 'org', name: 'Les Jardins', createdAt: '2026-11-01T00:00:00.000Z' });
  await store.opportunities.save(
    opportunity({ id: 'garden', organisationId: 'org', title: { fr: 'Jardin partagé' }, signupFields: [] }),
  );
}

/** The sharer's link from the chat: search, tap "Partager" on the card. */
async function shareLink(running: RunningApp, visitor: string): Promise<string> {
  const person = chat(running, VISITOR(visitor));
  await person.welcome();
  const found = await person.post({ text: 'jardin' });
  const shared = await person.tap(found, 'Partager');
  const link = /https?:\/\/\S+\/o\/garden\?r=[\w-]+/.exec(JSON.stringify(shared))?.[0];
  if (!link) throw new Error(`no link in ${JSON.stringify(shared)}`);
  return link;
}

const contactOf = async (store: Store, visitor: string) =>
  (await store.contacts.findByIdentity({ channel: 'web', externalId: VISITOR(visitor) }))!.id;

describe('share links end to end', () => {
  let running: RunningApp;
  let store: Store;

  beforeEach(async () => {
    store = createEmbeddedStore();
    await seed(store);
    running = await startApp({ store, env: { DEMO_DATA: 'false' } });
  });
  afterEach(() => running.close());

  it('credits the sharer once per person: views, arrival, sign-up; never their own visits', async () => {
    const link = await shareLink(running, 'sharer');
    const ref = new URL(link).searchParams.get('r')!;
    expect(link).toBe(`https://bot.example/o/garden?r=${ref}`);
    expect(ref.length).toBeLessThanOrEqual(64);
    const sharer = await contactOf(store, 'sharer');

    const page = await (await fetch(`${running.url}/o/garden?r=${ref}`)).text();
    expect(page).toContain(`href="https://bot.example/chat?start=${ref}"`);
    // A platform fetching the preview is no view; nor is anything kept about who viewed.
    await fetch(`${running.url}/o/garden?r=${ref}`, { headers: { 'user-agent': 'WhatsApp/2.23' } });
    const views = await store.metrics.find({ type: 'page_view', opportunityId: 'garden' });
    expect(views).toEqual([expect.objectContaining({ sharedBy: sharer, sharedOn: 'web', channel: 'web' })]);
    expect(Object.keys(views[0]).sort()).toEqual([
      'at',
      'channel',
      'id',
      'opportunityId',
      'sharedBy',
      'sharedOn',
      'type',
    ]);
    // A script reloading the page: shown every time, counted 30 times a minute from one address.
    for (let n = 0; n < 40; n++) expect((await fetch(`${running.url}/o/garden`)).status).toBe(200);
    expect(await store.metrics.count({ type: 'page_view', opportunityId: 'garden' })).toBe(30);

    const friend = chat(running, VISITOR('friend'));
    const details = await friend.welcome(ref);
    await friend.post({ start: { ref } });
    await friend.post({ start: { ref } });
    await chat(running, VISITOR('sharer')).post({ start: { ref } });
    const arrivals = await store.metrics.find({ type: 'share_arrival', opportunityId: 'garden' });
    expect(arrivals).toEqual([
      expect.objectContaining({ contactId: await contactOf(store, 'friend'), sharedBy: sharer }),
    ]);

    await friend.tap(details, "Je m'inscris");
    const [signup] = await store.metrics.find({ type: 'signup', opportunityId: 'garden' });
    expect(signup.sharedBy).toBe(sharer);
    await running.app.dispatcher.drain();
    const [thanks] = await store.mailbox.list(VISITOR('sharer'), undefined, 10);
    expect(JSON.stringify(thanks.messages)).toContain('grâce à ton lien');

    const stats = await running.app.admin.statistics.forOpportunity(
      { accountId: 'a', role: 'admin', name: 'Admin' },
      'garden',
    );
    expect(stats.totals).toMatchObject({ page_views: 30, shared: 1, arrivals: 1, credited: 1, signups_from_links: 1 });
    expect(stats.funnel).toEqual({ views: 30, arrivals: 1, signups: 1, attended: 0 });
  });

  it('counts a forged or altered reference as an anonymous visit, crediting no one', async () => {
    const link = await shareLink(running, 'sharer');
    const ref = new URL(link).searchParams.get('r')!;
    const victim = await contactOf(store, 'sharer');
    // The attacker keeps the tag and changes who is named; or swaps the tag for one of their own.
    const swap = (c: string) => (c === 'A' ? 'B' : 'A');
    const altered = ref.slice(0, -12) + swap(ref.at(-12)!) + ref.slice(-11);
    for (const forged of [altered, ref.slice(0, -11) + 'AAAAAAAAAAA']) {
      const page = await (await fetch(`${running.url}/o/garden?r=${forged}`)).text();
      expect(page).toContain('Jardin partagé');
      await chat(running, VISITOR(`visit${forged.slice(-4)}`)).welcome(forged);
    }
    expect(await store.metrics.count({ type: 'page_view', opportunityId: 'garden', sharedBy: victim })).toBe(0);
    expect(await store.metrics.count({ type: 'share_arrival', opportunityId: 'garden', sharedBy: victim })).toBe(0);
    expect(await store.metrics.count({ type: 'share_arrival', opportunityId: 'garden' })).toBe(2);
  });
});

describe('the share-signing key', () => {
  it('is made at first start when SHARE_SECRET is unset and kept: a link shared before a restart credits', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'share-key-'));
    const env = { DEMO_DATA: 'false', SHARE_SECRET: '' };
    let store = createEmbeddedStore({ dir });
    await seed(store);
    let running = await startApp({ store, env });
    const ref = new URL(await shareLink(running, 'sharer')).searchParams.get('r')!;
    const sharer = await contactOf(store, 'sharer');
    await running.close();

    store = createEmbeddedStore({ dir });
    running = await startApp({ store, env });
    try {
      await chat(running, VISITOR('friend')).welcome(ref);
      expect(await store.metrics.count({ type: 'share_arrival', opportunityId: 'garden', sharedBy: sharer })).toBe(1);
      expect(await store.settings.keep('share_secret', 'another')).not.toBe('another');
    } finally {
      await running.close();
    }
  });
});
