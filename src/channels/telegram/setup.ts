/** The bot's menu and description on Telegram, in every language the bot speaks. */
import type { Telegraf } from 'telegraf';
import { LOCALES } from '../../domain/model';
import type { Translator } from '../../engine/i18n';
import type { Logger } from '../../util/logger';
import { MENU_COMMANDS } from './inbound';

/** Menu commands and descriptions in every language; a failure here never stops the bot. */
export async function setUpCommands(bot: Telegraf, translator: Translator, logger: Logger): Promise<void> {
  // The first language is also the default, for people whose language we do not speak.
  const scopes = [{ locale: LOCALES[0], code: undefined }, ...LOCALES.map((locale) => ({ locale, code: locale }))];
  for (const { locale, code } of scopes) {
    try {
      const commands = MENU_COMMANDS.map((name) => ({
        command: name,
        description: translator.t(locale, `telegram.command_${name}`),
      }));
      await bot.telegram.setMyCommands(commands, code ? { language_code: code } : {});
      await bot.telegram.setMyDescription(translator.t(locale, 'telegram.description'), code);
    } catch (error) {
      logger.warn('telegram set-up call failed; the bot works without it', {
        locale: code ?? 'default',
        error: String(error),
      });
    }
  }
}
