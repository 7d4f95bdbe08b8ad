import nock from 'nock';
import { GraphClient } from '../../src/channels/messenger/graph';
import { MessengerSendError } from '../../src/channels/messenger/errors';

const GRAPH = 'https://graph.example.test';

describe('Graph API client (nock)', () => {
  const client = new GraphClient({ graphUrl: `${GRAPH}/v23.0`, pageToken: 'page token' });

  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  it('posts JSON with the page token and returns the answer', async () => {
    const scope = nock(GRAPH)
      .post('/v23.0/me/messages', { recipient: { id: 'P' }, messaging_type: 'RESPONSE', message: { text: 'Salut' } })
      .query({ access_token: 'page token' })
      .reply(200, { recipient_id: 'P', message_id: 'mid.1' });
    expect(
      await client.post('/me/messages', {
        recipient: { id: 'P' },
        messaging_type: 'RESPONSE',
        message: { text: 'Salut' },
      }),
    ).toEqual({ recipient_id: 'P', message_id: 'mid.1' });
    scope.done();
  });

  it.each([
    [400, { code: 10, error_subcode: 2018278 }, 'outside_window'],
    [400, { code: 551, error_subcode: 1545041 }, 'person_unavailable'],
    [400, { code: 613 }, 'rate_limited'],
    [400, { code: 4 }, 'rate_limited'],
    [500, { code: 1200 }, 'temporary'],
    [503, { code: 2 }, 'temporary'],
    [401, { code: 190 }, 'invalid_token'],
    [400, { code: 100 }, 'invalid_parameter'],
  ])('turns HTTP %i %j into a %s error', async (status, error, kind) => {
    nock(GRAPH)
      .post('/v23.0/me/messages')
      .query(true)
      .reply(status, { error: { message: 'from Graph', type: 'OAuthException', ...error } });
    await expect(client.post('/me/messages', {})).rejects.toMatchObject({ name: 'MessengerSendError', kind });
  });

  it('treats an unreachable Graph API as temporary', async () => {
    nock(GRAPH).post('/v23.0/me/messages').query(true).replyWithError('socket hang up');
    const error = await client.post('/me/messages', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(MessengerSendError);
    expect((error as MessengerSendError).kind).toBe('temporary');
  });
});
