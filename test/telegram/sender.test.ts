import { REPLY_BURST_SLOTS } from '../../src/channels/rate-gate';
import { TelegramSender, type TelegramApi } from '../../src/channels/telegram/sender';
import type { TelegramCall } from '../../src/channels/telegram/render';

const text = (t: string): TelegramCall => ({ method: 'sendMessage', text: t });
const apiError = (error_code: number, description: string, parameters?: object) =>
  Object.assign(new Error(description), { response: { ok: false, error_code, description, parameters } });

interface Sent {
  at: number;
  method: string;
  chat: unknown;
  text?: unknown;
}

function fakeApi(
  fail: (method: string, params: Record<string, unknown>, attempt: number) => Error | undefined = () => undefined,
) {
  const sent: Sent[] = [];
  const attempts = new Map<string, number>();
  const api: TelegramApi = {
    async call(method, params) {
      const key = `${method}:${String(params.chat_id)}:${String(params.text ?? params.photo)}`;
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      const error = fail(method, params, attempt);
      if (error) throw error;
      sent.push({ at: Date.now(), method, chat: params.chat_id, text: params.text ?? params.photo });
      return { ok: true };
    },
  };
  return { api, sent };
}

describe('Telegram sender', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  async function settle<T>(promise: Promise<T>, ms = 60_000): Promise<T> {
    await jest.advanceTimersByTimeAsync(ms);
    return promise;
  }

  it('sends a reply at once, and what the bot sends on its own three at once then one a second', async () => {
    const { api, sent } = fakeApi();
    const sender = new TelegramSender({ api });
    const times = (chat: string) => sent.filter((s) => s.chat === chat).map((s) => s.at);
    const reply = sender.send('A', ['a1', 'a2', 'a3', 'a4', 'a5'].map(text));
    const bulk = sender.send('B', ['b1', 'b2', 'b3', 'b4', 'b5'].map(text), { priority: 'bulk' });
    expect(await settle(Promise.all([reply, bulk]))).toEqual([{ sent: 5 }, { sent: 5 }]);
    expect(times('A').at(-1)! - times('A')[0]).toBeLessThan(300);
    const [b1, , b3, b4, b5] = times('B');
    expect(b3 - b1).toBeLessThan(300);
    expect(b4 - b1).toBeGreaterThanOrEqual(990);
    expect(b5 - b4).toBeGreaterThanOrEqual(1000);
    // Quiet for a while, the chat has its burst again.
    await jest.advanceTimersByTimeAsync(5000);
    const before = Date.now();
    await settle(sender.send('B', ['b6', 'b7', 'b8'].map(text), { priority: 'bulk' }));
    expect(
      times('B')
        .slice(5)
        .every((at) => at - before < 300),
    ).toBe(true);
  });

  it('keeps the global rate across chats', async () => {
    const { api, sent } = fakeApi();
    const sender = new TelegramSender({ api, globalPerSecond: 25 });
    await settle(Promise.all(Array.from({ length: 50 }, (_, i) => sender.send(`chat${i}`, [text('hi')]))));
    const times = sent.map((s) => s.at).sort((x, y) => x - y);
    expect(times).toHaveLength(50);
    for (let second = 0; second * 1000 <= times[times.length - 1]; second++) {
      // 25 a second, and the few slots an idle gate lends to replies (within Telegram's 30).
      expect(times.filter((t) => t >= second * 1000 && t < (second + 1) * 1000).length).toBeLessThanOrEqual(
        25 + REPLY_BURST_SLOTS,
      );
    }
  });

  it('waits for retry_after on a 429 and sends again', async () => {
    const { api, sent } = fakeApi((_m, _p, attempt) =>
      attempt === 1 ? apiError(429, 'Too Many Requests: retry after 7', { retry_after: 7 }) : undefined,
    );
    const sender = new TelegramSender({ api });
    expect(await settle(sender.send('A', [text('x')]))).toEqual({ sent: 1 });
    expect(sent[0].at).toBeGreaterThanOrEqual(7000);
  });

  it('retries temporary failures with backoff, then gives up and reports', async () => {
    const { api, sent } = fakeApi((_m, _p, attempt) => (attempt < 3 ? apiError(502, 'Bad Gateway') : undefined));
    expect(await settle(new TelegramSender({ api }).send('A', [text('x')]))).toEqual({ sent: 1 });
    expect(sent).toHaveLength(1);

    const failures: string[] = [];
    const down = fakeApi(() => apiError(502, 'Bad Gateway'));
    const report = await settle(
      new TelegramSender({
        api: down.api,
        maxAttempts: 3,
        onFailure: (_chat, error) => failures.push(error.kind),
      }).send('A', [text('x'), text('y')]),
    );
    expect(report).toMatchObject({ sent: 0, failed: { kind: 'temporary' } });
    expect(failures).toEqual(['temporary']);
  });

  it('stops writing to someone who blocked the bot, and says so once', async () => {
    const gone: string[] = [];
    const { api, sent } = fakeApi((_m, params) =>
      params.text === 'b' ? apiError(403, 'Forbidden: bot was blocked by the user') : undefined,
    );
    const sender = new TelegramSender({ api, onRecipientGone: (chat, reason) => void gone.push(`${chat}: ${reason}`) });
    const report = await settle(sender.send('A', [text('a'), text('b'), text('c')]));
    expect(report).toEqual({ sent: 1, gone: 'Forbidden: bot was blocked by the user' });
    expect(sent.map((s) => s.text)).toEqual(['a']);
    expect(gone).toEqual(['A: Forbidden: bot was blocked by the user']);
  });

  it('sends a card’s text instead when Telegram cannot fetch its picture', async () => {
    const { api, sent } = fakeApi((method) =>
      method === 'sendPhoto' ? apiError(400, 'Bad Request: wrong file identifier/HTTP URL specified') : undefined,
    );
    const card: TelegramCall = {
      method: 'sendPhoto',
      photo: 'https://bot.example/a.png',
      caption: '<b>T</b>',
      fallback: [text('<b>T</b>\nsub')],
    };
    expect(await settle(new TelegramSender({ api }).send('A', [card]))).toEqual({ sent: 1 });
    expect(sent).toEqual([expect.objectContaining({ method: 'sendMessage', text: '<b>T</b>\nsub' })]);
  });
});

describe('Telegram sender under a broadcast', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: 0 });
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  async function settle<T>(promise: Promise<T>, ms: number): Promise<T> {
    await jest.advanceTimersByTimeAsync(ms);
    return promise;
  }

  it('lets a reply go ahead of a queued broadcast', async () => {
    const { api, sent } = fakeApi();
    const sender = new TelegramSender({ api, globalPerSecond: 10 });
    const broadcast = Array.from({ length: 50 }, (_, i) =>
      sender.send(`b${i}`, [text('news')], { priority: 'bulk', attempts: 1 }),
    );
    await jest.advanceTimersByTimeAsync(1000);
    const reply = sender.send('chatting', [text('answer')]);
    await jest.advanceTimersByTimeAsync(10_000);
    await Promise.all([...broadcast, reply]);
    const replyAt = sent.find((s) => s.chat === 'chatting')!.at;
    // Queued behind forty bulk messages it would have waited four seconds; it goes at once.
    expect(replyAt).toBe(1000);
    expect(sent.filter((s) => s.chat !== 'chatting' && s.at > replyAt).length).toBeGreaterThan(30);
  });

  it('sends several people’s replies at once during a broadcast, within the rate and its burst', async () => {
    const { api, sent } = fakeApi();
    const sender = new TelegramSender({ api, globalPerSecond: 25 });
    const broadcast = Array.from({ length: 200 }, (_, i) =>
      sender.send(`b${i}`, [text('news')], { priority: 'bulk', attempts: 1 }),
    );
    await jest.advanceTimersByTimeAsync(2000);
    const replies = Array.from({ length: 4 }, (_, i) => sender.send(`person${i}`, [text('r1'), text('r2')]));
    await jest.advanceTimersByTimeAsync(10_000);
    await Promise.all([...broadcast, ...replies]);
    const replyTimes = sent.filter((s) => String(s.chat).startsWith('person')).map((s) => s.at);
    // Five at once (the burst), the rest as the last second's slots free up: all within 200 ms.
    expect(Math.min(...replyTimes)).toBe(2000);
    expect(Math.max(...replyTimes)).toBeLessThanOrEqual(2200);
    // Bulk yielded those slots: in no second did more than the rate and the replies' burst go out.
    const times = sent.map((s) => s.at);
    for (const start of times) {
      expect(times.filter((t) => t > start - 1000 && t <= start).length).toBeLessThanOrEqual(25 + REPLY_BURST_SLOTS);
    }
  });

  it('keeps the bulk rate on average, and never sends bulk faster than the cap', async () => {
    const { api, sent } = fakeApi();
    const sender = new TelegramSender({ api, globalPerSecond: 20 });
    const all = Array.from({ length: 100 }, (_, i) =>
      sender.send(`b${i}`, [text('news')], { priority: 'bulk', attempts: 1 }),
    );
    await jest.advanceTimersByTimeAsync(6000);
    await Promise.all(all);
    expect(sent).toHaveLength(100);
    const times = sent.map((s) => s.at);
    expect(times[99] - times[0]).toBeGreaterThanOrEqual(99 * 50 - 1);
    expect(times[99] - times[0]).toBeLessThanOrEqual(99 * 50 + 100);
  });

  it('pauses one chat on a 429, and the whole bot when several chats are refused at once', async () => {
    let refuse = new Set(['a']);
    const { api, sent } = fakeApi((_method, params, attempt) =>
      refuse.has(String(params.chat_id)) && attempt === 1
        ? apiError(429, 'Too Many Requests: retry after 5', { retry_after: 5 })
        : undefined,
    );
    const sender = new TelegramSender({ api, globalPerSecond: 100 });
    const single = await settle(
      Promise.all([sender.send('a', [text('x')], { attempts: 1 }), sender.send('b', [text('y')])]),
      100,
    );
    expect(single[0].failed?.kind).toBe('rate_limited');
    expect(single[1]).toEqual({ sent: 1 });
    const other = sender.send('c', [text('z')]);
    await jest.advanceTimersByTimeAsync(100);
    expect((await other).sent).toBe(1);
    expect(sent.find((s) => s.chat === 'c')!.at).toBeLessThan(1000);

    refuse = new Set(['d', 'e', 'f']);
    const flood = ['d', 'e', 'f'].map((chat) => sender.send(chat, [text('w')], { attempts: 1 }));
    await jest.advanceTimersByTimeAsync(100);
    await Promise.all(flood);
    const start = Date.now();
    const after = sender.send('g', [text('later')]);
    await jest.advanceTimersByTimeAsync(6000);
    await after;
    expect(sent.find((s) => s.chat === 'g')!.at - start).toBeGreaterThanOrEqual(4500);
  });
});
