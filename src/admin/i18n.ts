/**
 * The dashboard's texts: `locales/<language>/admin.json`, with the bot's vocabularies (kinds, regions,
 * themes) from `bot.json`, so a region has one name everywhere.
 */
import fs from 'node:fs';
import path from 'node:path';
import i18next, { type i18n, type Resource, type ResourceKey } from 'i18next';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../domain/model';

export type AdminT = (key: string, params?: Record<string, string | number>) => string;

export class AdminTexts {
  private readonly instance: i18n;

  constructor(localesDir: string) {
    const resources: Resource = {};
    for (const locale of LOCALES) {
      const read = (file: string) =>
        JSON.parse(fs.readFileSync(path.join(localesDir, locale, file), 'utf8')) as ResourceKey;
      resources[locale] = { admin: read('admin.json'), bot: read('bot.json') };
    }
    this.instance = i18next.createInstance();
    void this.instance.init({
      resources,
      lng: DEFAULT_LOCALE,
      fallbackLng: DEFAULT_LOCALE,
      ns: ['admin', 'bot'],
      defaultNS: 'admin',
      initAsync: false,
      // The dashboard escapes everything it writes into HTML itself.
      interpolation: { escapeValue: false },
    });
  }

  for(locale: Locale): AdminT {
    const t = this.instance.getFixedT(locale);
    return (key, params) => t(key, params ?? {});
  }
}
