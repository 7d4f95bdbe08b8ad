/**
 * Neutral messages → Bot API calls, within Telegram's limits and never dropping content: long texts
 * are split on word boundaries, several cards are one message paging in place (pager.ts), a single
 * card is a photo or video with its caption (the text in a following message when too long) or a
 * text, choices are an inline keyboard, links are URL buttons. Limits count the
 * visible text (after HTML parsing), so raw text is measured and split before it is escaped.
 */
import type { Card, Choice, OutboundMessage } from '../../engine/types';
import { MAX_CAPTION, MAX_TEXT } from './limits';
import { carouselPage, pages } from './pager';
import { escapeHtml, splitText } from './text';

export interface InlineButton {
  text: string;
  callback_data?: string;
  url?: string;
}

export type Keyboard = InlineButton[][];

/** The Bot API's LinkPreviewOptions; a text without them shows no preview. */
export interface LinkPreview {
  is_disabled?: boolean;
  url?: string;
  prefer_large_media?: boolean;
  show_above_text?: boolean;
}

export type TelegramCall =
  | { method: 'sendMessage'; text: string; keyboard?: Keyboard; linkPreview?: LinkPreview }
  /** A page of a carousel replacing the one shown in `messageId` (see pager.ts). */
  | { method: 'editMessageText'; messageId: number; text: string; keyboard?: Keyboard; linkPreview?: LinkPreview }
  /** `fallback` is sent instead when Telegram cannot fetch the picture or the video. */
  | { method: 'sendPhoto'; photo: string; caption: string; keyboard?: Keyboard; fallback: TelegramCall[] }
  | { method: 'sendVideo'; video: string; caption: string; keyboard?: Keyboard; fallback: TelegramCall[] }
  /** A file uploaded with the message (a person's data); `fallback` says it could not be sent. */
  | { method: 'sendDocument'; filename: string; content: string; caption: string; fallback: TelegramCall[] };

/** Turns a choice's payload into callback data of at most 64 bytes. */
export type CallbackData = (payload: string) => string;

const SHORT_LABEL = 14;

/**
 * Whether Telegram takes this address on a button: http(s) to a host name with a dot. It refuses
 * `http://localhost:3000/…` with BUTTON_URL_INVALID, and the whole message with it.
 */
export function telegramTakesUrl(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    return (protocol === 'https:' || protocol === 'http:') && hostname.includes('.') && hostname !== 'localhost';
  } catch {
    return false;
  }
}

/** Two short choices share a row; a long one has its own. */
export function keyboard(choices: Choice[], data: CallbackData): Keyboard {
  const rows: Keyboard = [];
  for (const choice of choices) {
    const button: InlineButton = choice.url
      ? { text: choice.label, url: choice.url }
      : { text: choice.label, callback_data: data(choice.payload ?? '') };
    const last = rows[rows.length - 1];
    if (last?.length === 1 && last[0].text.length <= SHORT_LABEL && choice.label.length <= SHORT_LABEL)
      last.push(button);
    else rows.push([button]);
  }
  return rows;
}

/** A text in as many messages as it needs, the keyboard under the last. */
function textCalls(raw: string, buttons: Keyboard | undefined, boldFirstLine = false): TelegramCall[] {
  const parts = splitText(raw, MAX_TEXT);
  return parts.map((part, i) => {
    let html = escapeHtml(part);
    if (boldFirstLine && i === 0) {
      const newline = part.indexOf('\n');
      html =
        newline === -1
          ? `<b>${html}</b>`
          : `<b>${escapeHtml(part.slice(0, newline))}</b>${escapeHtml(part.slice(newline))}`;
    }
    return i === parts.length - 1 && buttons
      ? { method: 'sendMessage', text: html, keyboard: buttons }
      : { method: 'sendMessage', text: html };
  });
}

/** A picture or a video with a caption; what to send instead when Telegram cannot fetch it. */
function mediaCall(
  media: { imageUrl?: string; videoUrl?: string },
  caption: string,
  keyboard: Keyboard | undefined,
  fallback: TelegramCall[],
): TelegramCall {
  const extra = { caption, ...(keyboard ? { keyboard } : {}), fallback };
  return media.videoUrl
    ? { method: 'sendVideo', video: media.videoUrl, ...extra }
    : { method: 'sendPhoto', photo: media.imageUrl ?? '', ...extra };
}

function cardCalls(card: Card, buttons: Keyboard | undefined): TelegramCall[] {
  const raw = `${card.title}\n${card.subtitle}`;
  const asText = textCalls(raw, buttons, true);
  if (!card.imageUrl && !card.videoUrl) return asText;
  if (raw.length <= MAX_CAPTION) {
    const caption = `<b>${escapeHtml(card.title)}</b>\n${escapeHtml(card.subtitle)}`;
    return [mediaCall(card, caption, buttons, asText)];
  }
  // Too long for a caption: the picture with its title, then the whole text with the buttons.
  const title = splitText(card.title, MAX_CAPTION)[0];
  return [mediaCall(card, `<b>${escapeHtml(title)}</b>`, undefined, []), ...asText];
}

/** A picture or video message; refused by Telegram, it becomes its caption and its link. */
function mediaMessageCalls(message: Extract<OutboundMessage, { kind: 'media' }>): TelegramCall[] {
  const caption = splitText(message.caption ?? '', MAX_CAPTION)[0];
  const fallback = textCalls(caption ? `${caption}\n${message.url}` : message.url, undefined);
  const media = message.mediaType === 'video' ? { videoUrl: message.url } : { imageUrl: message.url };
  return [mediaCall(media, escapeHtml(caption), undefined, fallback)];
}

export function renderForTelegram(messages: OutboundMessage[], data: CallbackData): TelegramCall[] {
  const calls: TelegramCall[] = [];
  for (const message of messages) {
    switch (message.kind) {
      case 'text': {
        // A link Telegram refuses on a button (a bot tried on localhost) is written under the text.
        const linkable = (message.choices ?? []).filter((choice) => !choice.url || telegramTakesUrl(choice.url));
        const written = (message.choices ?? []).filter((choice) => choice.url && !telegramTakesUrl(choice.url));
        const text = [message.text, ...written.map((choice) => `${choice.label} : ${choice.url}`)].join('\n');
        const texts = textCalls(text, linkable.length > 0 ? keyboard(linkable, data) : undefined);
        const preview = { prefer_large_media: true };
        calls.push(...(message.preview ? texts.map((call) => ({ ...call, linkPreview: preview })) : texts));
        break;
      }
      case 'media':
        calls.push(...mediaMessageCalls(message));
        break;
      case 'document': {
        const caption = splitText(message.caption ?? '', MAX_CAPTION)[0] ?? '';
        calls.push({
          method: 'sendDocument',
          filename: message.filename,
          content: message.content,
          caption: escapeHtml(caption),
          fallback: [],
        });
        break;
      }
      case 'cards':
        // Several cards are one message paging in place; one card is sent as itself.
        if (pages(message)) {
          calls.push(carouselPage(message, 0, data));
          break;
        }
        message.cards.forEach((card, i) => {
          // Telegram has no free-standing buttons: the carousel's own choices go under its last card.
          const extra = i === message.cards.length - 1 && message.choices ? message.choices : [];
          const choices = [...card.buttons, ...extra];
          calls.push(...cardCalls(card, choices.length > 0 ? keyboard(choices, data) : undefined));
        });
        break;
    }
  }
  return calls;
}
