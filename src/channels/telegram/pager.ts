/**
 * Results on Telegram are one message that pages in place: the card's text under its picture (the
 * picture is the message's large link preview, so every page is a text and any page can replace
 * any other), with "◀ 2/5 ▶" above the card's own buttons. The carousel is kept in the channel's
 * state under a reference derived from its content (the same carousel, the same reference), so a
 * tap on ◀ or ▶ edits the message even after a restart or in another process.
 */
import { createHash } from 'node:crypto';
import type { Card, OutboundMessage } from '../../engine/types';
import { MAX_TEXT } from './limits';
import { keyboard, type CallbackData, type Keyboard, type TelegramCall } from './render';
import { escapeHtml, splitText } from './text';

export type Carousel = Extract<OutboundMessage, { kind: 'cards' }>;

const PAGE_PREFIX = 'p:';
const CAROUSEL_KEY_PREFIX = 'c:';

/** Only a carousel of several cards pages; one card is sent as it is. */
export const pages = (message: OutboundMessage): boolean => message.kind === 'cards' && message.cards.length > 1;

export function carouselRef(carousel: Carousel): string {
  return createHash('sha256').update(JSON.stringify(carousel)).digest('base64url').slice(0, 22);
}

/** Where a carousel is kept in the Telegram channel's state. */
export const carouselKey = (ref: string): string => `${CAROUSEL_KEY_PREFIX}${ref}`;

/** The callback data of a page button: `p:<ref>:<index>`, 27 bytes at most. */
export const pageData = (ref: string, index: number): string => `${PAGE_PREFIX}${ref}:${index}`;

export function readPageData(data: string): { ref: string; index: number } | undefined {
  const match = /^p:([A-Za-z0-9_-]{22}):(\d{1,2})$/.exec(data);
  return match ? { ref: match[1], index: Number(match[2]) } : undefined;
}

function navigation(ref: string, index: number, count: number): Keyboard {
  const at = (i: number) => pageData(ref, (i + count) % count);
  return [
    [
      { text: '◀', callback_data: at(index - 1) },
      { text: `${index + 1}/${count}`, callback_data: at(index) },
      { text: '▶', callback_data: at(index + 1) },
    ],
  ];
}

function pageText(card: Card): string {
  const raw = splitText(`${card.title}\n${card.subtitle}`, MAX_TEXT)[0];
  const newline = raw.indexOf('\n');
  return newline === -1
    ? `<b>${escapeHtml(raw)}</b>`
    : `<b>${escapeHtml(raw.slice(0, newline))}</b>${escapeHtml(raw.slice(newline))}`;
}

/** Page `index` of a carousel as a text message (sent first, or as the edit that replaces a page). */
export function carouselPage(carousel: Carousel, index: number, data: CallbackData): TelegramCall {
  const count = carousel.cards.length;
  const shown = Math.min(Math.max(index, 0), count - 1);
  const card = carousel.cards[shown];
  const media = card.imageUrl ?? card.videoUrl;
  return {
    method: 'sendMessage',
    text: pageText(card),
    keyboard: [
      ...navigation(carouselRef(carousel), shown, count),
      ...keyboard([...card.buttons, ...(carousel.choices ?? [])], data),
    ],
    linkPreview: media ? { url: media, prefer_large_media: true, show_above_text: true } : { is_disabled: true },
  };
}
