/**
 * Transcripts: a conversation as data. Each step is an input (`start`, `say`, `tap`, `payload`,
 * `attach`) and the replies expected, written compactly so a reviewer can read them. Run with
 * UPDATE_TRANSCRIPTS=1 to rewrite the expectations from what the bot answers now.
 */
import type { OutboundMessage, PersonInput } from '../../src/engine/types';

export type CompactMessage =
  | { text: string; choices?: string[] }
  | { cards: { title: string; subtitle: string; image?: string; buttons: string[] }[]; choices?: string[] }
  | { media: string }
  | { document: string };

export interface TranscriptStep {
  /** Who speaks, when a transcript has several people; "person-1" otherwise. */
  as?: string;
  start?: { ref?: string; opportunityId?: string };
  say?: string;
  /** A choice label of the last replies, or `{ card: "part of a title", button: "label" }`. */
  tap?: string | { card: string; button: string };
  payload?: string;
  attach?: string;
  expect?: CompactMessage[];
}

export interface Transcript {
  title: string;
  steps: TranscriptStep[];
}

const choiceLabel = (choice: { label: string; url?: string }) =>
  choice.url ? `${choice.label} <${choice.url}>` : choice.label;

export function compact(messages: OutboundMessage[]): CompactMessage[] {
  return messages.map((message): CompactMessage => {
    const choices = 'choices' in message && message.choices ? { choices: message.choices.map(choiceLabel) } : {};
    switch (message.kind) {
      case 'text':
        return { text: message.text, ...choices };
      case 'cards':
        return {
          cards: message.cards.map((card) => ({
            title: card.title,
            subtitle: card.subtitle,
            ...(card.imageUrl ? { image: card.imageUrl } : {}),
            buttons: card.buttons.map(choiceLabel),
          })),
          ...choices,
        };
      case 'media':
        return { media: `${message.mediaType} ${message.url}` };
      case 'document':
        return { document: `${message.filename} (${message.content.length} characters)` };
    }
  });
}

/** Finds the payload a person would send by tapping; throws with the labels on offer when absent. */
export function resolveTap(tap: NonNullable<TranscriptStep['tap']>, last: OutboundMessage[]): string {
  const offered: string[] = [];
  for (const message of last) {
    if (typeof tap === 'string' && (message.kind === 'text' || message.kind === 'cards')) {
      for (const choice of message.choices ?? []) {
        offered.push(choice.label);
        if (choice.label === tap && choice.payload) return choice.payload;
      }
    }
    if (typeof tap !== 'string' && message.kind === 'cards') {
      for (const card of message.cards) {
        if (!card.title.includes(tap.card)) continue;
        for (const button of card.buttons) {
          offered.push(`${card.title} / ${button.label}`);
          if (button.label === tap.button && button.payload) return button.payload;
        }
      }
    }
  }
  throw new Error(`Nothing to tap for ${JSON.stringify(tap)}; offered: ${offered.join(' | ') || 'nothing'}`);
}

export function inputOf(
  step: TranscriptStep,
  last: OutboundMessage[],
  decodeRef: (ref: string) => PersonInput,
): PersonInput {
  if (step.start)
    return step.start.ref
      ? decodeRef(step.start.ref)
      : { type: 'start', ...(step.start.opportunityId ? { opportunityId: step.start.opportunityId } : {}) };
  if (step.say !== undefined) return { type: 'text', text: step.say };
  if (step.tap !== undefined) return { type: 'choice', payload: resolveTap(step.tap, last) };
  if (step.payload !== undefined) return { type: 'choice', payload: step.payload };
  if (step.attach !== undefined) return { type: 'attachment', kind: step.attach };
  throw new Error(`A step needs start, say, tap, payload or attach: ${JSON.stringify(step)}`);
}
