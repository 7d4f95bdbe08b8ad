/** The chat page's HTML, with its interface texts translated on the server. */
import fs from 'node:fs';
import path from 'node:path';
import type { Locale } from '../../domain/model';
import type { Translator } from '../../engine/i18n';

const escapeHtml = (text: string): string =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

export class ChatPage {
  private readonly template: string;
  private readonly rendered = new Map<Locale, string>();

  constructor(
    publicDir: string,
    private readonly translator: Translator,
  ) {
    this.template = fs.readFileSync(path.join(publicDir, 'chat.html'), 'utf8');
  }

  /** `{{lang}}` and `{{web.key}}` placeholders, escaped; computed once per language. */
  html(locale: Locale): string {
    let page = this.rendered.get(locale);
    if (!page) {
      page = this.template
        .replace(/\{\{lang\}\}/g, locale)
        .replace(/\{\{(web\.[a-z_]+)\}\}/g, (_match, key: string) => escapeHtml(this.translator.t(locale, key)));
      this.rendered.set(locale, page);
    }
    return page;
  }
}
