import {
  prepareCallbackData,
  refFor,
  resolveCallbackData,
  PayloadRefs,
} from '../../src/channels/telegram/callback-data';
import { splitText } from '../../src/channels/telegram/text';
import { createEmbeddedStore } from '../../src/store/embedded';

const NOW = new Date('2026-11-24T09:00:00Z');

describe('Telegram text', () => {
  // How messages become Bot API calls is in test/channels/telegram.test.ts.
  it('never cuts an emoji in two', () => {
    const parts = splitText('😀'.repeat(3000), 4096);
    expect(parts.join('')).toBe('😀'.repeat(3000));
    for (const part of parts) expect(part).not.toMatch(/[\uD800-\uDBFF]$/);
  });
});

describe('Telegram callback data', () => {
  it('keeps payloads within 64 bytes and resolves long ones through the store', async () => {
    const store = createEmbeddedStore();
    const long = `discover.show_results/details/${'é'.repeat(30)}`;
    const short = 'main.menu/discover';
    const data = await prepareCallbackData(
      [
        {
          kind: 'text',
          text: 'x',
          choices: [
            { label: 'a', payload: long },
            { label: 'b', payload: short },
          ],
        },
      ],
      new PayloadRefs(store.channelState),
      NOW,
    );
    expect(data(short)).toBe(short);
    expect(data(long)).toBe(refFor(long));
    expect(Buffer.byteLength(data(long))).toBeLessThanOrEqual(64);
    expect(await resolveCallbackData(data(long), new PayloadRefs(store.channelState))).toBe(long);
    expect(await resolveCallbackData(short, new PayloadRefs(store.channelState))).toBe(short);
    expect(await resolveCallbackData('r:unknown', new PayloadRefs(store.channelState))).toBe('r:unknown');
  });
});
