/**
 * The Page's Messenger profile: Get Started button, greeting and persistent menu, in French (the
 * default) and English. Setting the same profile again changes nothing, so it can be re-run.
 */
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../../domain/model';
import type { Translator } from '../../engine/i18n';
import type { GraphClient } from './graph';
import { GET_STARTED, WORDS_PREFIX } from './inbound';

/** Menu entries → words the engine knows in every language. */
const MENU: Record<string, string> = { discover: 'discover', signups: 'my signups', alerts: 'alerts', help: 'help' };
const FACEBOOK_LOCALE: Record<Locale, string> = { fr: 'fr_FR', en: 'en_US' };

export function messengerProfile(translator: Translator): Record<string, unknown> {
  const localeOf = (locale: Locale) => (locale === DEFAULT_LOCALE ? 'default' : FACEBOOK_LOCALE[locale]);
  return {
    get_started: { payload: GET_STARTED },
    greeting: LOCALES.map((locale) => ({
      locale: localeOf(locale),
      text: translator.t(locale, 'messenger.greeting').slice(0, 160),
    })),
    persistent_menu: LOCALES.map((locale) => ({
      locale: localeOf(locale),
      composer_input_disabled: false,
      call_to_actions: Object.entries(MENU).map(([name, words]) => ({
        type: 'postback',
        title: translator.t(locale, `messenger.menu_${name}`).slice(0, 30),
        payload: `${WORDS_PREFIX}${words}`,
      })),
    })),
  };
}

export async function setUpMessengerProfile(graph: Pick<GraphClient, 'post'>, translator: Translator): Promise<void> {
  await graph.post('/me/messenger_profile', messengerProfile(translator));
}
