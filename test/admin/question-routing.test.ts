/**
 * Questions belong to an association: asked from its opportunity they are its coordinators' (seen,
 * told, answered by them only); asked of the network they are the administrators'.
 */
import type { Store } from '../../src/domain/ports';
import { createEmbeddedStore } from '../../src/store/embedded';
import { opportunity } from '../support/factories';
import { callAdminApi } from '../support/admin-api';
import { startApp, type RunningApp } from '../support/server';

describe('questions reach the right association', () => {
  let running: RunningApp;
  let store: Store;
  const tokens: Record<string, string> = {};
  const call = (method: string, path: string, token: string, body?: unknown) =>
    callAdminApi<Array<Record<string, unknown>>>(running.url, method, path, token, body);

  beforeAll(async () => {
    store = createEmbeddedStore();
    running = await startApp({ store });
    for (const [id, role, organisationId] of [
      ['acc-a', 'coordinator', 'org-a'],
      ['acc-b', 'coordinator', 'org-b'],
      ['root', 'admin', undefined],
    ] as const) {
      if (organisationId)
        await store.organisations.save({ id: organisationId, name: id, createdAt: '2026-11-01T00:00:00Z' });
      await store.accounts.create({
        id,
        email: `${id}@example.org`,
        name: id,
        role,
        ...(organisationId ? { organisationId } : {}),
        passwordHash: 'x',
        locale: 'fr',
        // Each has linked a chat, so alerts can be counted.
        alertsTo: { channel: 'web', externalId: `visitor-alerts-${id}` },
        createdAt: '2026-11-01T00:00:00.000Z',
      });
      await store.contacts.findOrCreate({ channel: 'web', externalId: `visitor-alerts-${id}` }, () => ({
        id: `chat-${id}`,
        identities: [{ channel: 'web', externalId: `visitor-alerts-${id}` }],
        locale: 'fr',
        interests: [],
        status: 'active',
        createdAt: '2026-11-01T00:00:00.000Z',
        updatedAt: '2026-11-01T00:00:00.000Z',
      }));
      tokens[id] = await running.app.admin.accounts.ownApiToken({
        accountId: id,
        role,
        name: id,
        ...(organisationId ? { organisationId } : {}),
      });
    }
    await store.opportunities.save(opportunity({ id: 'garden', organisationId: 'org-a', signupFields: [] }));
  });
  afterAll(() => running.close());

  const alertsOf = async (account: string) =>
    (await store.outbox.counts(`coordinators:${account}`)).reduce((sum, row) => sum + row.count, 0);

  it('sends a question asked from an opportunity to its association only', async () => {
    const person = { channel: 'web' as const, externalId: 'visitor-question-0001' };
    for (const input of [
      { type: 'start' as const },
      { type: 'choice' as const, payload: 'welcome.hello/accept' },
      { type: 'choice' as const, payload: 'welcome.age/young' },
      { type: 'choice' as const, payload: 'discover.show_details/ask/garden' },
      { type: 'text' as const, text: 'Faut-il des gants ?' },
    ])
      await running.app.engine.conversation.handle({ ...person, input });
    const [question] = await store.questions.list({});
    expect(question).toMatchObject({ text: 'Faut-il des gants ?', organisationId: 'org-a' });

    expect((await call('GET', '/questions', tokens['acc-a'])).body.map((q) => q.id)).toEqual([question.id]);
    expect((await call('GET', '/questions', tokens['acc-b'])).body).toEqual([]);
    expect((await call('POST', `/questions/${question.id}/answer`, tokens['acc-b'], { text: 'Non' })).status).toBe(404);
    expect([await alertsOf('acc-a'), await alertsOf('acc-b'), await alertsOf('root')]).toEqual([1, 0, 0]);
  });

  it('sends a question asked of the network to the administrators only', async () => {
    const person = { channel: 'web' as const, externalId: 'visitor-question-0002' };
    for (const input of [
      { type: 'start' as const },
      { type: 'choice' as const, payload: 'welcome.hello/accept' },
      { type: 'choice' as const, payload: 'welcome.age/young' },
      { type: 'choice' as const, payload: 'main.menu/human' },
      { type: 'text' as const, text: 'Comment devenir bénévole ailleurs ?' },
    ])
      await running.app.engine.conversation.handle({ ...person, input });
    const network = (await store.questions.list({})).find((q) => q.text === 'Comment devenir bénévole ailleurs ?')!;
    expect(network.organisationId).toBeUndefined();
    expect((await call('GET', '/questions', tokens['acc-a'])).body.map((q) => q.id)).not.toContain(network.id);
    expect((await call('GET', '/questions', tokens['acc-b'])).body).toEqual([]);
    expect((await call('GET', '/questions', tokens.root)).body.map((q) => q.id)).toContain(network.id);
    expect((await call('POST', `/questions/${network.id}/answer`, tokens['acc-a'], { text: 'x' })).status).toBe(404);
    expect([await alertsOf('acc-a'), await alertsOf('acc-b'), await alertsOf('root')]).toEqual([1, 0, 1]);
  });
});
