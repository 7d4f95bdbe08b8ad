/**
 * callback_data is limited to 64 bytes. Payloads that fit travel as they are; longer ones are kept
 * in the store under a reference derived from the payload itself (the same payload always gets
 * the same reference, so saving is idempotent and survives restarts and other processes).
 */
import { createHash } from 'node:crypto';
import type { PayloadRefRepository } from '../../domain/ports';
import type { OutboundMessage } from '../../engine/types';
import { MAX_CALLBACK_DATA_BYTES } from './limits';
import type { CallbackData } from './render';

const REF_PREFIX = 'r:';

export function refFor(payload: string): string {
  return REF_PREFIX + createHash('sha256').update(payload).digest('base64url').slice(0, 22);
}

const fits = (payload: string) =>
  Buffer.byteLength(payload, 'utf8') <= MAX_CALLBACK_DATA_BYTES && !payload.startsWith(REF_PREFIX);

/** Saves what needs a reference, then returns the (synchronous) mapping the renderer uses. */
export async function prepareCallbackData(
  messages: OutboundMessage[],
  refs: PayloadRefRepository,
  now: Date,
): Promise<CallbackData> {
  const payloads = new Set<string>();
  for (const message of messages) {
    if (message.kind === 'media') continue;
    for (const choice of message.choices ?? []) if (choice.payload) payloads.add(choice.payload);
    if (message.kind === 'cards')
      for (const card of message.cards)
        for (const button of card.buttons) if (button.payload) payloads.add(button.payload);
  }
  await Promise.all(
    [...payloads]
      .filter((payload) => !fits(payload))
      .map((payload) => refs.save(refFor(payload), payload, now.toISOString())),
  );
  return (payload) => (fits(payload) ? payload : refFor(payload));
}

/** The payload a tapped button stands for; an unknown reference is passed on (the engine calls it stale). */
export async function resolveCallbackData(data: string, refs: PayloadRefRepository): Promise<string> {
  if (!data.startsWith(REF_PREFIX)) return data;
  return (await refs.get(data)) ?? data;
}
