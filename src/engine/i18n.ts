/** Translations, from `locales/<language>/bot.json`, through one i18next instance. */
import fs from 'node:fs';
import path from 'node:path';
import i18next, { type i18n, type Resource, type ResourceKey } from 'i18next';
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../domain/model';
import { normaliseTyped } from './interpreter';
import type { JsonValue, TextRef } from './types';

export const NAMESPACE = 'bot';

export interface Translator {
  t: (locale: Locale, key: string, params?: Record<string, JsonValue>) => string;
  hasText(key: string): boolean;
  /** Every translation of a text, normalised as typed text is, for matching choices. */
  labelVariants(ref: TextRef): string[];
  /** Normalised word → name, every language together, from `<prefix>.<name>` ("a|b|c"). */
  keywords(names: Iterable<string>, prefix?: string): Map<string, string>;
  /** The language a platform hint (`fr-FR`, `en_US`, `de`) maps to, when we speak it. */
  fromHint(hint: string | undefined): Locale | undefined;
}

export function loadTranslator(localesDir: string, defaultLocale: Locale = DEFAULT_LOCALE): Translator {
  const resources: Resource = {};
  for (const locale of LOCALES) {
    const file = path.join(localesDir, locale, `${NAMESPACE}.json`);
    resources[locale] = { [NAMESPACE]: JSON.parse(fs.readFileSync(file, 'utf8')) as ResourceKey };
  }
  const instance: i18n = i18next.createInstance();
  void instance.init({
    resources,
    lng: defaultLocale,
    fallbackLng: defaultLocale,
    supportedLngs: [...LOCALES],
    ns: [NAMESPACE],
    defaultNS: NAMESPACE,
    initAsync: false,
    // Chat platforms escape text themselves; i18next's HTML escaping would show "&amp;" to people.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const fixed = new Map(LOCALES.map((locale) => [locale, instance.getFixedT(locale, NAMESPACE)]));
  const variantsCache = new Map<string, string[]>();

  const firstText = (locale: Locale, keys: string[]): string | undefined => {
    for (const key of keys) {
      const text = instance.getResource(locale, NAMESPACE, key) as unknown;
      if (typeof text === 'string') return text;
    }
    return undefined;
  };

  // Most texts have no parameters (buttons, questions): translate each of those once.
  const plain = new Map<string, string>();
  const t = (locale: Locale, key: string, params?: Record<string, JsonValue>): string => {
    if (params === undefined || Object.keys(params).length === 0) {
      const cacheKey = `${locale}\u0000${key}`;
      let text = plain.get(cacheKey);
      if (text === undefined) {
        text = fixed.get(locale)!(key);
        plain.set(cacheKey, text);
      }
      return text;
    }
    // i18next's full path costs a tenth of a chat message; most texts only pick a plural form and
    // fill `{{name}}` slots (an empty context is none, for i18next too).
    if (params.context === undefined || params.context === '') {
      const template = firstText(locale, candidateKeys(locale, key, params.count));
      const text = template === undefined ? undefined : fillPlaceholders(template, params);
      if (text !== undefined) return text;
    }
    return fixed.get(locale)!(key, params as Record<string, unknown>);
  };

  return {
    t,
    // A plural text exists as `key_one`, `key_other`...: `key_other` is there in every language.
    hasText: (key) =>
      [key, `${key}_other`].some((candidate) => instance.exists(candidate, { lng: defaultLocale, ns: NAMESPACE })),
    labelVariants(ref) {
      const cacheKey = ref.params ? `${ref.key}\u0000${JSON.stringify(ref.params)}` : ref.key;
      let variants = variantsCache.get(cacheKey);
      if (!variants) {
        variants = LOCALES.map((locale) => normaliseTyped(t(locale, ref.key, ref.params)));
        if (variantsCache.size > 10_000) variantsCache.clear();
        variantsCache.set(cacheKey, variants);
      }
      return variants;
    },
    keywords(names, prefix = 'keywords') {
      const map = new Map<string, string>();
      for (const name of names) {
        for (const locale of LOCALES) {
          for (const word of t(locale, `${prefix}.${name}`).split('|')) {
            const normalised = normaliseTyped(word);
            if (normalised) map.set(normalised, name);
          }
        }
      }
      return map;
    },
    fromHint(hint) {
      const base = hint?.toLowerCase().split(/[-_]/)[0];
      return LOCALES.find((locale) => locale === base);
    },
  };
}

const pluralRules = new Map<Locale, Intl.PluralRules>();

/** The keys i18next looks a text up by, in its order: with a count, its plural form first. */
function candidateKeys(locale: Locale, key: string, count: JsonValue | undefined): string[] {
  if (count === undefined) return [key];
  if (typeof count !== 'number') return [];
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
  const plural = `${key}_${rules.select(count)}`;
  return count === 0 ? [`${key}_zero`, plural, key] : [plural, key];
}

const PLACEHOLDER = /\{\{(\w+)\}\}/g;
/** `{{` opening anything but a plain slot: a format, spaces, an unescaped `{{- name}}`. */
const OTHER_SLOT = /\{\{(?!\w+\}\})/;

/**
 * A text whose only i18next feature is `{{name}}` slots, all given, filled as i18next fills them
 * (values written as strings, nothing escaped); undefined for anything else (nesting with `$t(`,
 * formats, a missing value), which i18next then translates.
 */
export function fillPlaceholders(template: string, params: Record<string, JsonValue>): string | undefined {
  if (template.includes('$t(') || OTHER_SLOT.test(template)) return undefined;
  let complete = true;
  const text = template.replace(PLACEHOLDER, (_slot, name: string) => {
    const value = Object.hasOwn(params, name) ? params[name] : undefined;
    if (value === undefined || value === null || typeof value === 'object') {
      complete = false;
      return '';
    }
    return String(value);
  });
  return complete ? text : undefined;
}
