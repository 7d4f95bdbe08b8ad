import fs from 'node:fs';
import path from 'node:path';
import { REGIONS, THEMES } from '../src/domain/catalogue';
import { AGE_BRACKETS, CHANNELS, LOCALES, OPPORTUNITY_KINDS, SIGNUP_STATUSES } from '../src/domain/model';
import i18next from 'i18next';
import { fillPlaceholders, loadTranslator } from '../src/engine/i18n';
import { ROOT } from './support/bot';

type Tree = { [key: string]: string | Tree };

function keysOf(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value, `${prefix}${key}.`),
  );
}

/** The text at a dotted key; a key naming a group reads as no text. */
function textAt(tree: Tree, key: string): string {
  const found = key
    .split('.')
    .reduce<Tree | string>((node, part) => (typeof node === 'string' ? '' : node[part]), tree);
  return typeof found === 'string' ? found : '';
}

const resources = Object.fromEntries(
  LOCALES.map((locale) => [
    locale,
    JSON.parse(fs.readFileSync(path.join(ROOT, 'locales', locale, 'bot.json'), 'utf8')) as Tree,
  ]),
);

describe('languages', () => {
  it('has every key in every language, and no empty text', () => {
    const [first, ...others] = LOCALES;
    const reference = keysOf(resources[first]).sort();
    for (const locale of others)
      expect({ locale, keys: keysOf(resources[locale]).sort() }).toEqual({ locale, keys: reference });
    for (const locale of LOCALES) {
      const empty = keysOf(resources[locale]).filter((key) => textAt(resources[locale], key).trim() === '');
      expect({ locale, empty }).toEqual({ locale, empty: [] });
    }
  });

  it('names every kind, region, theme, age bracket, channel and sign-up status the program can show', () => {
    const translator = loadTranslator(path.join(ROOT, 'locales'));
    const needed = [
      ...OPPORTUNITY_KINDS.map((kind) => `kinds.${kind}`),
      ...REGIONS.map((region) => `regions.${region}`),
      ...THEMES.map((theme) => `themes.${theme}`),
      ...AGE_BRACKETS.map((bracket) => `age.${bracket}`),
      ...CHANNELS.map((channel) => `channels.${channel}`),
      ...SIGNUP_STATUSES.map((status) => `signups.status_${status}`),
      ...LOCALES.map((locale) => `languages.${locale}`),
    ];
    expect(needed.filter((key) => !translator.hasText(key))).toEqual([]);
  });

  it('has every text key written in the source present in the locales', () => {
    const translator = loadTranslator(path.join(ROOT, 'locales'));
    const sources: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (entry.name.endsWith('.ts')) sources.push(fs.readFileSync(full, 'utf8'));
      }
    };
    walk(path.join(ROOT, 'src'));
    const literalKeys = sources.flatMap((source) =>
      [...source.matchAll(/(?:t\(context\.locale, |key: )'([a-z_]+\.[a-z0-9_.]+)'/g)].map((match) => match[1]),
    );
    expect(literalKeys.length).toBeGreaterThan(20);
    expect(literalKeys.filter((key) => !translator.hasText(key))).toEqual([]);
  });

  it('translates plurals and parameters', () => {
    const translator = loadTranslator(path.join(ROOT, 'locales'));
    expect(translator.t('fr', 'discover.results', { count: 1 })).toBe("J'ai trouvé 1 proposition :");
    expect(translator.t('en', 'discover.results', { count: 3 })).toBe('I found 3 opportunities:');
    expect(translator.t('en', 'discover.results', { count: 3, from: 1, to: 3, context: '' })).toBe(
      'I found 3 opportunities:',
    );
    expect(translator.t('en', 'discover.results', { count: 12, from: 6, to: 10, context: 'next' })).toBe(
      'More: 6 to 10 of 12 opportunities:',
    );
    expect(translator.fromHint('en_US')).toBe('en');
    expect(translator.fromHint('pt-BR')).toBeUndefined();
  });

  it('fills every text with parameters as i18next does, values written as they are', () => {
    const translator = loadTranslator(path.join(ROOT, 'locales'));
    const reference = i18next.createInstance();
    void reference.init({
      resources: Object.fromEntries(LOCALES.map((locale) => [locale, { bot: resources[locale] }])),
      lng: 'fr',
      fallbackLng: 'fr',
      ns: ['bot'],
      defaultNS: 'bot',
      initAsync: false,
      interpolation: { escapeValue: false },
    });
    const slotsOf = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]);
    const plural = /_(zero|one|two|few|many|other)$/;
    let compared = 0;
    for (const locale of LOCALES) {
      const keys = keysOf(resources[locale]);
      // A plural text is asked for by its key without the suffix, with every count's slots.
      const asked = new Map<string, string[]>();
      for (const key of keys) {
        const base = key.replace(plural, '');
        asked.set(base, [...(asked.get(base) ?? []), ...slotsOf(textAt(resources[locale], key))]);
      }
      for (const [key, names] of asked) {
        if (names.length === 0) continue;
        const counts: (number | string | undefined)[] = names.includes('count')
          ? [0, 1, 2, 5, 1.5, 'trois']
          : [undefined];
        for (const count of counts) {
          // Characters i18next would escape if asked to, and a slot's own braces, must come out as written.
          const params = Object.fromEntries(
            names.map((name, i) => [name, name === 'count' ? count! : i === 0 ? '<Léa & {{x}}>' : 7]),
          );
          expect({ key, count, text: translator.t(locale, key, params) }).toEqual({
            key,
            count,
            text: reference.getFixedT(locale, 'bot')(key, params),
          });
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(80);
  });

  it('leaves to i18next what a slot-filling shortcut cannot do', () => {
    expect(fillPlaceholders('Bonjour {{name}}', { name: 'Léa' })).toBe('Bonjour Léa');
    expect(fillPlaceholders('Bonjour {{name}}', {})).toBeUndefined();
    expect(fillPlaceholders('Bonjour {{name}}', { name: null })).toBeUndefined();
    expect(fillPlaceholders('C’est noté : $t(regions.{{region}}).', { region: 'bretagne' })).toBeUndefined();
    expect(fillPlaceholders('Bonjour {{ name }}', { name: 'Léa' })).toBeUndefined();
    expect(fillPlaceholders('Bonjour {{name, uppercase}}', { name: 'Léa' })).toBeUndefined();
  });
});
