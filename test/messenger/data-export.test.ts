/** "Mes données" on Messenger: everything kept uploaded as a JSON file attachment, then the summary. */
import { signBody } from '../../src/channels/messenger/signature';
import { FIXED_NOW } from '../support/bot';
import { startFakeGraphApi, type FakeGraphApi } from '../support/fake-graph-api';
import { startApp, type RunningApp } from '../support/server';

const SECRET = 'app-secret';

describe('data export on Messenger', () => {
  let graph: FakeGraphApi;
  let running: RunningApp;
  let mid = 0;

  beforeAll(async () => {
    graph = await startFakeGraphApi();
    running = await startApp({
      env: {
        MESSENGER_PAGE_TOKEN: 'page-token',
        MESSENGER_APP_SECRET: SECRET,
        MESSENGER_VERIFY_TOKEN: 'verify-me',
        MESSENGER_GRAPH_URL: graph.root,
      },
      sleep: async () => undefined,
    });
    await running.app.start();
  });
  afterAll(async () => {
    await running.close();
    await graph.close();
  });

  const post = async (message: Record<string, unknown>) => {
    const body = JSON.stringify({
      object: 'page',
      entry: [
        {
          id: '1234',
          time: FIXED_NOW.getTime(),
          messaging: [{ sender: { id: 'P9' }, recipient: { id: '1234' }, timestamp: FIXED_NOW.getTime(), ...message }],
        },
      ],
    });
    const response = await fetch(`${running.url}/webhooks/messenger`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-Hub-Signature-256': signBody(body, SECRET) },
      body,
    });
    expect(response.status).toBe(200);
    await running.app.messenger!.drain();
  };
  const tap = (title: string, payload: string) =>
    post({ message: { mid: `mid-${++mid}`, text: title, quick_reply: { payload } } });

  it('uploads the JSON file before the summary', async () => {
    await post({ postback: { mid: `mid-${++mid}`, title: 'x', payload: 'GET_STARTED' } });
    await tap("OK, c'est parti", 'welcome.hello/accept');
    await tap('18 à 25 ans', 'welcome.age/young');
    await post({ message: { mid: `mid-${++mid}`, text: 'mes données' } });
    const messages = graph.messages().map((call) => call.body);
    const upload = messages.find((body) => body.filedata !== undefined);
    expect(upload).toMatchObject({
      recipient: { id: 'P9' },
      message: { attachment: { type: 'file', payload: { is_reusable: false } } },
      filedata: { filename: 'mes-donnees.json', type: 'application/json' },
    });
    const data = JSON.parse((upload!.filedata as { content: string }).content) as {
      profile: { identities: Array<{ channel: string; id: string }> };
    };
    expect(data.profile.identities).toEqual([{ channel: 'messenger', id: 'P9' }]);
    const after = messages.slice(messages.indexOf(upload!) + 1).map((body) => body.message as { text?: string });
    expect(after.some((message) => /Voici tout ce que je garde sur toi/.test(message.text ?? ''))).toBe(true);
  });
});
