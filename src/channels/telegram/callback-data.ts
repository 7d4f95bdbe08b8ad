/**
 * callback_data is limited to 64 bytes. Payloads that fit travel as they are; longer ones are kept
 * in the channel's state under a reference derived from the payload itself (the same payload always
 * gets the same reference, so saving is idempotent and survives restarts and other processes).
 */
import { createHash } from 'node:crypto';
import type { ChannelStateRepository } from '../../domain/channel-state';
import type { OutboundMessage } from '../../engine/types';
import { MAX_CALLBACK_DATA_BYTES } from './limits';
import { carouselKey, carouselRef, pages, type Carousel } from './pager';
import type { CallbackData } from './render';

const REF_PREFIX = 'r:';

export function refFor(payload: string): string {
  return REF_PREFIX + createHash('sha256').update(payload).digest('base64url').slice(0, 22);
}

const DAY_MS = 24 * 3600_000;

/** Long payloads under their references, in the Telegram channel's state. */
export class PayloadRefs {
  /** When each reference was last saved by this process: one in use is saved again at most daily, so the
   * retention purge keeps it, and the store is not written on every message. */
  private readonly savedAt = new Map<string, number>();

  constructor(private readonly state: Pick<ChannelStateRepository, 'put' | 'get'>) {}

  async save(ref: string, payload: string, now: Date): Promise<void> {
    const last = this.savedAt.get(ref);
    if (last !== undefined && now.getTime() - last < DAY_MS) return;
    await this.state.put({ channel: 'telegram', key: ref, value: payload, savedAt: now.toISOString() });
    if (this.savedAt.size >= 10_000) this.savedAt.clear();
    this.savedAt.set(ref, now.getTime());
  }

  get(ref: string): Promise<string | undefined> {
    return this.state.get('telegram', ref);
  }
}

const fits = (payload: string) =>
  Buffer.byteLength(payload, 'utf8') <= MAX_CALLBACK_DATA_BYTES && !payload.startsWith(REF_PREFIX);

/**
 * Saves what needs a reference (long payloads, and the carousels that page in place), then returns
 * the (synchronous) mapping the renderer uses.
 */
export async function prepareCallbackData(
  messages: OutboundMessage[],
  refs: Pick<PayloadRefs, 'save'>,
  now: Date,
): Promise<CallbackData> {
  const payloads = new Set<string>();
  for (const message of messages) {
    if (message.kind === 'media' || message.kind === 'document') continue;
    for (const choice of message.choices ?? []) if (choice.payload) payloads.add(choice.payload);
    if (message.kind === 'cards')
      for (const card of message.cards)
        for (const button of card.buttons) if (button.payload) payloads.add(button.payload);
  }
  const carousels = messages.filter(pages) as Carousel[];
  await Promise.all([
    ...[...payloads].filter((payload) => !fits(payload)).map((payload) => refs.save(refFor(payload), payload, now)),
    ...carousels.map((carousel) => refs.save(carouselKey(carouselRef(carousel)), JSON.stringify(carousel), now)),
  ]);
  return (payload) => (fits(payload) ? payload : refFor(payload));
}

/** The payload a tapped button stands for; an unknown reference is passed on (the engine calls it stale). */
export async function resolveCallbackData(data: string, refs: Pick<PayloadRefs, 'get'>): Promise<string> {
  if (!data.startsWith(REF_PREFIX)) return data;
  return (await refs.get(data)) ?? data;
}
