/**
 * A broadcast as each channel the bot runs will show it, in each language, before it goes: the
 * picture or video, the words, the card and its buttons, within each platform's limits (Messenger
 * cuts a card's title and subtitle at 80 characters and cannot play a video on a card; Telegram puts
 * a card's words under its picture, at most 1024 characters). A close likeness, not a screenshot.
 */
import type { Card, OutboundMessage } from '../../domain/messages';
import type { ChannelName, Locale } from '../../domain/model';
import { truncate } from '../../domain/text';
import { html, type Html, type Page } from './html';

const CARD_LIMITS: Record<ChannelName, { title: number; subtitle: number }> = {
  messenger: { title: 80, subtitle: 80 },
  telegram: { title: 1024, subtitle: 1024 },
  web: { title: Infinity, subtitle: Infinity },
};

function cardPreview(page: Page, channel: ChannelName, card: Card): Html {
  const limits = CARD_LIMITS[channel];
  const cut = (text: string, max: number) => (Number.isFinite(max) ? truncate(text, max) : text);
  const video = card.videoUrl && channel !== 'messenger' ? html`<p class="preview-video">▶ ${card.videoUrl}</p>` : '';
  const picture = card.imageUrl ? html`<img src="${card.imageUrl}" alt="">` : '';
  const buttons = card.buttons.map((button) => html`<span class="preview-button">${button.label}</span>`);
  return html`<div class="preview-card">${video || picture}<p class="preview-title">${cut(card.title, limits.title)}</p>
<p>${cut(card.subtitle, limits.subtitle)}</p><p class="preview-buttons">${buttons}</p></div>`;
}

function messagePreview(page: Page, channel: ChannelName, message: OutboundMessage): Html {
  if (message.kind === 'text') return html`<p class="preview-text">${message.text}</p>`;
  if (message.kind === 'cards') return html`${message.cards.map((card) => cardPreview(page, channel, card))}`;
  if (message.kind === 'document') return html`<p class="preview-text">📎 ${message.filename}</p>`;
  if (message.mediaType === 'image') return html`<img src="${message.url}" alt="">`;
  return html`<p class="preview-video">▶ ${message.url}</p>`;
}

export function broadcastPreview(
  page: Page,
  channels: readonly ChannelName[],
  byLocale: Record<Locale, OutboundMessage[]>,
  locales: readonly Locale[],
): Html {
  const { t } = page;
  const language = (locale: Locale) =>
    html`<h3>${t('broadcasts.preview_for', { language: t(`bot:languages.${locale}`) })}</h3>
<div class="previews">${channels.map(
      (channel) =>
        html`<figure class="preview ${channel}" data-channel="${channel}" data-locale="${locale}">${[
          html`<figcaption>${t(`channels.${channel}`)}</figcaption>`,
        ]}${byLocale[locale].map((message) => messagePreview(page, channel, message))}</figure>`,
    )}</div>`;
  return html`<section aria-labelledby="preview"><h2 id="preview">${t('broadcasts.preview')}</h2>
<p class="note">${t('broadcasts.preview_note')}</p>${locales.map(language)}</section>`;
}
