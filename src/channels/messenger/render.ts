/**
 * Neutral messages → Send API messages, within Messenger's limits, never dropping content: long
 * texts are split, more than 13 choices or shortened labels are listed in full (numbered: typing
 * the number picks one), links become a button template, carousels beyond 10 cards are split.
 */
import { truncate } from '../../domain/text';
import type { Card, Choice, OutboundMessage } from '../../engine/types';

export const LIMITS = {
  text: 2000,
  quickReplies: 13,
  quickReplyTitle: 20,
  buttons: 3,
  buttonTitle: 20,
  buttonText: 640,
  elements: 10,
  elementText: 80,
} as const;

interface QuickReply {
  content_type: 'text';
  title: string;
  payload: string;
}

type Button = { type: 'postback'; title: string; payload: string } | { type: 'web_url'; title: string; url: string };

/** A file sent with the message itself (multipart `filedata`): it has no address to be fetched from. */
export interface FileUpload {
  filename: string;
  content: string;
  contentType: string;
}

export type MessengerMessage =
  | { text: string; quick_replies?: QuickReply[] }
  | { attachment: { type: 'file'; payload: { is_reusable: false } }; upload: FileUpload }
  | {
      attachment: {
        type: 'template';
        payload:
          | { template_type: 'generic'; elements: GenericElement[] }
          | { template_type: 'button'; text: string; buttons: Button[] };
      };
      quick_replies?: QuickReply[];
    }
  | {
      attachment: { type: 'image' | 'video'; payload: { url: string; is_reusable: true } };
      quick_replies?: QuickReply[];
    };

interface GenericElement {
  title: string;
  subtitle?: string;
  image_url?: string;
  buttons?: Button[];
}

function splitText(text: string, max: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (Array.from(rest).length > max) {
    const window = Array.from(rest).slice(0, max).join('');
    let cut = Math.max(window.lastIndexOf('\n'), window.lastIndexOf(' '));
    if (cut < window.length / 2) cut = window.length;
    parts.push(rest.slice(0, cut).trimEnd());
    rest = rest.slice(cut).trimStart();
  }
  parts.push(rest);
  return parts;
}

function button(choice: Choice): Button {
  const title = truncate(choice.label, LIMITS.buttonTitle);
  return choice.url
    ? { type: 'web_url', title, url: choice.url }
    : { type: 'postback', title, payload: choice.payload ?? '' };
}

/** Quick replies for the choices, and a numbered list for the text when some do not fit as they are. */
function quickReplies(choices: Choice[]): { replies: QuickReply[]; listing?: string } {
  const postbacks = choices.filter((choice) => !choice.url);
  const replies = postbacks.slice(0, LIMITS.quickReplies).map((choice) => ({
    content_type: 'text' as const,
    title: truncate(choice.label, LIMITS.quickReplyTitle),
    payload: choice.payload ?? '',
  }));
  const shortened = postbacks.some((choice) => Array.from(choice.label).length > LIMITS.quickReplyTitle);
  const listing =
    shortened || postbacks.length > LIMITS.quickReplies
      ? postbacks.map((choice, i) => `${i + 1}. ${choice.label}`).join('\n')
      : undefined;
  return { replies, ...(listing ? { listing } : {}) };
}

function withReplies<T extends MessengerMessage>(message: T, replies: QuickReply[]): T {
  return replies.length > 0 ? { ...message, quick_replies: replies } : message;
}

function textMessages(text: string, choices: Choice[] = []): MessengerMessage[] {
  const { replies, listing } = quickReplies(choices);
  const links = choices.filter((choice) => choice.url);
  const parts = splitText(listing ? `${text}\n\n${listing}` : text, LIMITS.text);
  const messages: MessengerMessage[] = parts.map((part) => ({ text: part }));
  if (links.length > 0) {
    // Links cannot be quick replies: they go in button templates. The first one takes the last
    // part of the text as its own when it fits; later ones (over 3 links) name their links.
    const last = parts[parts.length - 1];
    const lastFits = Array.from(last).length <= LIMITS.buttonText;
    if (lastFits) messages.pop();
    for (let i = 0; i < links.length; i += LIMITS.buttons) {
      const group = links.slice(i, i + LIMITS.buttons);
      const templateText = i === 0 && lastFits ? last : group.map((link) => link.label).join(' · ');
      messages.push({
        attachment: {
          type: 'template',
          payload: {
            template_type: 'button',
            text: truncate(templateText, LIMITS.buttonText),
            buttons: group.map(button),
          },
        },
      });
    }
  }
  messages[messages.length - 1] = withReplies(messages[messages.length - 1], replies);
  return messages;
}

function element(card: Card): GenericElement {
  return {
    title: truncate(card.title, LIMITS.elementText),
    ...(card.subtitle ? { subtitle: truncate(card.subtitle.replace(/\n/g, ' · '), LIMITS.elementText) } : {}),
    ...(card.imageUrl ? { image_url: card.imageUrl } : {}),
    ...(card.buttons.length > 0 ? { buttons: card.buttons.slice(0, LIMITS.buttons).map(button) } : {}),
  };
}

/**
 * The same message without its picture or video, for when Messenger cannot fetch it ("#100 Upload
 * attachment failure"): the media's link as text, or the cards without their pictures. Undefined
 * for a message that has none.
 */
export function withoutMedia(message: MessengerMessage): MessengerMessage | undefined {
  if (!('attachment' in message) || 'upload' in message) return undefined;
  const replies = message.quick_replies ?? [];
  const { attachment } = message;
  if (attachment.type !== 'template') return withReplies({ text: attachment.payload.url }, replies);
  const payload = attachment.payload;
  if (payload.template_type !== 'generic' || !payload.elements.some((element) => element.image_url)) return undefined;
  const elements = payload.elements.map((element) => {
    const { image_url: _picture, ...rest } = element;
    return rest;
  });
  return withReplies({ attachment: { type: 'template', payload: { template_type: 'generic', elements } } }, replies);
}

export function renderForMessenger(messages: OutboundMessage[]): MessengerMessage[] {
  const out: MessengerMessage[] = [];
  for (const message of messages) {
    switch (message.kind) {
      case 'text':
        out.push(...textMessages(message.text, message.choices));
        break;
      case 'media':
        out.push({ attachment: { type: message.mediaType, payload: { url: message.url, is_reusable: true } } });
        if (message.caption) out.push(...textMessages(message.caption));
        break;
      case 'document':
        out.push({
          attachment: { type: 'file', payload: { is_reusable: false } },
          upload: { filename: message.filename, content: message.content, contentType: 'application/json' },
        });
        if (message.caption) out.push(...textMessages(message.caption));
        break;
      case 'cards': {
        for (let i = 0; i < message.cards.length; i += LIMITS.elements) {
          out.push({
            attachment: {
              type: 'template',
              payload: { template_type: 'generic', elements: message.cards.slice(i, i + LIMITS.elements).map(element) },
            },
          });
        }
        const { replies } = quickReplies(message.choices ?? []);
        out[out.length - 1] = withReplies(out[out.length - 1], replies);
        break;
      }
    }
  }
  return out;
}
