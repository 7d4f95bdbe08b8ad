/** A channel's menu names commands of the flows: one that the flows lack stops the bot at start-up. */
import type { ChannelName } from '../domain/model';

export function checkMenuCommands(channel: ChannelName, menu: readonly string[], known: ReadonlySet<string>): void {
  const missing = menu.filter((name) => !known.has(name));
  if (missing.length > 0) {
    throw new Error(
      `The ${channel} menu offers ${missing.map((name) => `"${name}"`).join(', ')}, ` +
        "which the flows' commands (flows/bot.yaml) do not have.",
    );
  }
}
