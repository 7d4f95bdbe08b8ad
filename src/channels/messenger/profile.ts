/**
 * The Page's Messenger profile: Get Started button, greeting and persistent menu, in French (the
 * default) and English. Setting the same profile again changes nothing, so it can be re-run.
 */
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../../domain/model';
import type { Translator } from '../../engine/i18n';
import type { GraphClient } from './graph';
import { checkMenuCommands } from '../commands';
import { COMMAND_PREFIX, GET_STARTED } from './inbound';

/** The persistent menu: commands of the flows, titled in each language (`messenger.menu_<name>`). */
export const MESSENGER_MENU = ['discover', 'signups', 'alerts', 'help'] as const;
const FACEBOOK_LOCALE: Record<Locale, string> = { fr: 'fr_FR', en: 'en_US' };

export function messengerProfile(translator: Translator, commands: ReadonlySet<string>): Record<string, unknown> {
  checkMenuCommands('messenger', MESSENGER_MENU, commands);
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
      call_to_actions: MESSENGER_MENU.map((name) => ({
        type: 'postback',
        title: translator.t(locale, `messenger.menu_${name}`).slice(0, 30),
        payload: `${COMMAND_PREFIX}${name}`,
      })),
    })),
  };
}

export async function setUpMessengerProfile(
  graph: Pick<GraphClient, 'post'>,
  translator: Translator,
  commands: ReadonlySet<string>,
): Promise<void> {
  await graph.post('/me/messenger_profile', messengerProfile(translator, commands));
}
