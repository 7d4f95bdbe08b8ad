/** The chat page's HTML, with its interface texts translated on the server. */
import fs from 'node:fs';
import path from 'node:path';
import { LOCALES, type Locale } from '../../domain/model';
import type { Translator } from '../../engine/i18n';

const escapeHtml = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** The page's own words (`web.<key>`), sent in every language so it can follow the conversation's. */
export const UI_TEXT_KEYS = [
  'title',
  'bot_name',
  'subtitle',
  'menu',
  'placeholder',
  'send',
  'error',
  'retry',
  'too_fast',
  'results',
  'previous',
  'next',
  'copied',
  'copy_failed',
] as const;

/** JSON inside a <script> block: "</script>" or "<!--" in a text must not end it. */
const scriptSafeJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

export class ChatPage {
  private readonly template: string;
  private readonly rendered = new Map<Locale, string>();

  constructor(
    publicDir: string,
    private readonly translator: Translator,
  ) {
    this.template = fs.readFileSync(path.join(publicDir, 'chat.html'), 'utf8');
  }

  /** The interface texts of every language, for the page to switch without a reload. */
  uiTexts(): Record<Locale, Record<string, string>> {
    const texts = (locale: Locale) =>
      Object.fromEntries(UI_TEXT_KEYS.map((key) => [key, this.translator.t(locale, `web.${key}`)]));
    const all = LOCALES.map((locale) => [locale, texts(locale)]);
    return Object.fromEntries(all) as Record<Locale, Record<string, string>>;
  }

  /** `{{lang}}`, `{{web.key}}` (escaped) and `{{uiTexts}}` placeholders; computed once per language. */
  html(locale: Locale): string {
    let page = this.rendered.get(locale);
    if (!page) {
      page = this.template
        .replace(/\{\{lang\}\}/g, locale)
        .replace('{{uiTexts}}', () => scriptSafeJson(this.uiTexts()))
        .replace(/\{\{(web\.[a-z_]+)\}\}/g, (_match, key: string) => escapeHtml(this.translator.t(locale, key)));
      this.rendered.set(locale, page);
    }
    return page;
  }
}
