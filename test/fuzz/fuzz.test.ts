/**
 * The fuzz suite: every inbound surface of a running bot (web chat, Telegram and Messenger webhooks,
 * every admin API and dashboard route) gets bounded random input. Whatever comes in: no 5xx, no
 * crash, no unhandled rejection, nothing echoed unescaped into a page, `/healthz` 200 afterwards.
 *
 * `npm test` runs it with a fixed seed and few runs; `npm run fuzz` runs it longer with a new seed
 * (FUZZ_RUNS and FUZZ_SEED choose). A failure prints the seed and the smallest input that fails.
 */
import fc from 'fast-check';
import fixtures from '../messenger/fixtures/events.json';
import { signBody } from '../../src/channels/messenger/signature';
import type { Store } from '../../src/domain/ports';
import { createEmbeddedStore } from '../../src/store/embedded';
import { startFakeBotApi, type FakeBotApi } from '../support/fake-bot-api';
import { startFakeGraphApi, type FakeGraphApi } from '../support/fake-graph-api';
import { account, TEST_PASSWORD } from '../support/factories';
import { startApp, type RunningApp } from '../support/server';
import { cookieHeader, formBody, jsonBody, MARKERS, type Json } from './arbitraries';
import { servedRoutes, type ServedRoute } from './routes';

const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
// `npm run fuzz` picks a new seed each time (printed, to replay a failure with FUZZ_SEED).
const SEED = process.env.FUZZ_SEED
  ? Number(process.env.FUZZ_SEED)
  : process.env.npm_lifecycle_event === 'fuzz'
    ? Date.now() % 2 ** 31
    : 20261202;
const ADMIN_TOKEN = 'fuzz-admin-token-0123456789abcdef';
const TELEGRAM_SECRET = 'fuzz-telegram-secret';
const APP_SECRET = 'fuzz-app-secret';
const PASSWORD = TEST_PASSWORD;
const FORM_FIELDS = ['email', 'password', 'name', 'next', 'token', 'title', 'text', 'region', 'themes', 'capacity'];

const telegramTemplates: Json[] = [
  {
    update_id: 1,
    message: {
      message_id: 1,
      date: 1764000000,
      chat: { id: 42, type: 'private' },
      from: { id: 42, is_bot: false, first_name: 'L', language_code: 'fr' },
      text: 'bonjour',
    },
  },
  {
    update_id: 2,
    callback_query: {
      id: 'cb1',
      from: { id: 42, is_bot: false, first_name: 'L' },
      message: { message_id: 2, date: 1764000000, chat: { id: 42, type: 'private' } },
      data: 'welcome.hello/accept',
    },
  },
  {
    update_id: 3,
    my_chat_member: {
      chat: { id: 42, type: 'private' },
      from: { id: 42, is_bot: false, first_name: 'L' },
      date: 1764000000,
      old_chat_member: { status: 'member', user: { id: 1, is_bot: true, first_name: 'B' } },
      new_chat_member: { status: 'kicked', user: { id: 1, is_bot: true, first_name: 'B' } },
    },
  },
];

describe('fuzzing every inbound surface', () => {
  let running: RunningApp;
  let store: Store;
  let bot: FakeBotApi;
  let graph: FakeGraphApi;
  let routes: ServedRoute[];
  let session = '';
  let csrf = '';
  const failures: string[] = [];
  const onRejection = (reason: unknown) => failures.push(`unhandled rejection: ${String(reason)}`);
  const counts = new Map<string, number>();

  beforeAll(async () => {
    process.on('unhandledRejection', onRejection);
    [bot, graph] = await Promise.all([startFakeBotApi(), startFakeGraphApi()]);
    store = createEmbeddedStore();
    await store.accounts.create(await account());
    running = await startApp({
      store,
      sleep: async () => undefined,
      chatLimits: { perVisitor: 1e9, perAddress: 1e9, windowMs: 60_000 },
      env: {
        ADMIN_TOKEN,
        TELEGRAM_BOT_TOKEN: '123:FUZZ',
        TELEGRAM_API_ROOT: bot.root,
        TELEGRAM_MODE: 'webhook',
        TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET,
        TELEGRAM_GLOBAL_RATE: '1000',
        MESSENGER_PAGE_TOKEN: 'page-token',
        MESSENGER_APP_SECRET: APP_SECRET,
        MESSENGER_VERIFY_TOKEN: 'verify',
        MESSENGER_GRAPH_URL: graph.root,
      },
    });
    await running.app.start();
    routes = servedRoutes(running.app.http);
    ({ session, csrf } = await signIn());
  }, 60_000);

  afterAll(async () => {
    process.off('unhandledRejection', onRejection);
    await running.close();
    await Promise.all([bot.close(), graph.close()]);
    const summary = [...counts].map(([surface, count]) => `${surface} ${count}`).join(', ');
    process.stdout.write(`fuzz: seed ${SEED}, ${RUNS} runs per property; requests: ${summary}\n`);
  });

  async function signIn(): Promise<{ session: string; csrf: string }> {
    const form = await fetch(`${running.url}/admin/login`);
    const loginCookie = (form.headers.get('set-cookie') ?? '').split(';')[0];
    const loginToken = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
    const response = await fetch(`${running.url}/admin/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: loginCookie },
      body: new URLSearchParams({ _csrf: loginToken, email: 'root@example.org', password: PASSWORD }).toString(),
    });
    expect(response.status).toBe(303);
    const cookie = response.headers.get('set-cookie')!.split(';')[0];
    const page = await (await fetch(`${running.url}/admin/opportunities`, { headers: { cookie } })).text();
    return { session: cookie, csrf: /name="_csrf" value="([^"]+)"/.exec(page)![1] };
  }

  /** One request; any 5xx, or a marker echoed into HTML, is recorded as a failure. */
  async function send(surface: string, path: string, init: RequestInit): Promise<Response> {
    counts.set(surface, (counts.get(surface) ?? 0) + 1);
    const response = await fetch(`${running.url}${path}`, { redirect: 'manual', ...init });
    const body = await response.text();
    const problem =
      response.status >= 500
        ? `${response.status} ${body.slice(0, 200)}`
        : (response.headers.get('content-type') ?? '').includes('html') && MARKERS.some((m) => body.includes(m))
          ? 'input echoed unescaped into a page'
          : undefined;
    if (problem) failures.push(`${surface} ${init.method ?? 'GET'} ${path}: ${problem}`);
    return new Response(body, { status: response.status, headers: response.headers });
  }

  /** `weight`: the routes' property covers some sixty routes, so it runs more. */
  const check = async <T>(property: fc.IAsyncProperty<[T]>, weight = 1) => {
    await fc.assert(property, { numRuns: RUNS * weight, seed: SEED, endOnFailure: true });
    expect(failures).toEqual([]);
  };

  it('web chat: any body is answered, 200 or 400, never a 5xx', async () => {
    const template = { visitorId: 'fuzz-visitor-0123456789', messageId: 'm1', text: 'bonjour', locale: 'fr' };
    await check(
      fc.asyncProperty(jsonBody(template), async (body) => {
        const response = await send('web', '/chat/api/messages', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        });
        if (![200, 400, 413].includes(response.status))
          failures.push(`web: ${response.status} for ${body.slice(0, 200)}`);
      }),
    );
  }, 120_000);

  it('Telegram: every authenticated JSON update is acknowledged with 200', async () => {
    await check(
      fc.asyncProperty(fc.constantFrom(...telegramTemplates).chain(jsonBody), async (body) => {
        const response = await send('telegram', '/webhooks/telegram', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': TELEGRAM_SECRET },
          body,
        });
        if (response.status !== 200) failures.push(`telegram: ${response.status} for ${body.slice(0, 200)}`);
      }),
    );
  }, 120_000);

  it('Messenger: every signed JSON payload is acknowledged with 200, and stored identities are strings', async () => {
    const templates = Object.values(fixtures) as Json[];
    await check(
      fc.asyncProperty(fc.constantFrom(...templates).chain(jsonBody), async (body) => {
        const response = await send('messenger', '/webhooks/messenger', {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'X-Hub-Signature-256': signBody(body, APP_SECRET) },
          body,
        });
        if (response.status !== 200) failures.push(`messenger: ${response.status} for ${body.slice(0, 200)}`);
      }),
    );
    await running.app.messenger!.drain();
    for await (const page of store.contacts.batches(500))
      for (const contact of page)
        for (const identity of contact.identities)
          if (typeof identity.externalId !== 'string') failures.push(`stored identity ${String(identity.externalId)}`);
    expect(failures).toEqual([]);
  }, 120_000);

  it('admin API and dashboard: every route, any input, with and without credentials', async () => {
    const request = fc.record({
      route: fc.constantFrom(...routes),
      id: fc.oneof(fc.constantFrom('root', 'potager-samedi', 'x', '%', '..', '%E0%A4%A'), fc.string({ maxLength: 8 })),
      json: jsonBody({ name: 'x', email: 'a@example.org', title: { fr: 'T' }, text: 'x', audience: {} }),
      form: formBody(FORM_FIELDS, fc.oneof(fc.constant(csrf), fc.string({ maxLength: 4 }))),
      cookie: cookieHeader(session),
      bearer: fc.constantFrom(ADMIN_TOKEN, 'wrong', ''),
    });
    await check(
      fc.asyncProperty(request, async ({ route, id, json, form, cookie, bearer }) => {
        const path = route.path.replace(/:(\w+)/g, () => encodeURIComponent(id).replace(/%25/g, '%'));
        const api = path.startsWith('/api/');
        const headers: Record<string, string> = {
          'content-type': api ? 'application/json' : 'application/x-www-form-urlencoded',
          ...(api && bearer ? { authorization: `Bearer ${bearer}` } : {}),
          ...(!api && cookie ? { cookie } : {}),
        };
        const hasBody = route.method !== 'GET' && route.method !== 'HEAD';
        await send(api ? 'admin-api' : 'dashboard', path, {
          method: route.method,
          headers,
          ...(hasBody ? { body: api ? json : form } : {}),
        });
      }),
      8,
    );
  }, 300_000);

  it('still serves afterwards: health, a new web chat conversation', async () => {
    expect((await fetch(`${running.url}/healthz`)).status).toBe(200);
    const response = await fetch(`${running.url}/chat/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ visitorId: 'after-the-fuzz-0001', messageId: 'a1', start: {} }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { messages: unknown[] }).messages.length).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });
});
