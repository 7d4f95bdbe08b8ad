/**
 * The channels the bot runs, by name: where the outbox sends, and which links open the bot where. A
 * channel without its own share link (or not running) falls back to the web chat's.
 */
import type { ChannelDelivery } from '../domain/delivery';
import type { ChannelName } from '../domain/model';
import type { Channel } from './channel';

export class ChannelDirectory {
  private readonly byName = new Map<ChannelName, Channel>();
  /** Each running channel's way out, for the outbox; filled as channels are added. */
  readonly deliveries: Partial<Record<ChannelName, ChannelDelivery>> = {};

  add(channel: Channel): void {
    this.byName.set(channel.name, channel);
    this.deliveries[channel.name] = channel;
  }

  list(): Channel[] {
    return [...this.byName.values()];
  }

  get(name: ChannelName): Channel | undefined {
    return this.byName.get(name);
  }

  /** A link opening the bot at `ref` on the channel, else on the web chat. */
  readonly shareLink = (name: ChannelName, ref: string): string => {
    const link = this.byName.get(name)?.shareLink?.(ref) ?? this.byName.get('web')?.shareLink?.(ref);
    if (link === undefined) throw new Error('no channel makes share links: the web chat is missing');
    return link;
  };

  /** Whether the bot can write on the channel days later; a channel not running cannot. */
  readonly reachesLater = (name: ChannelName): boolean => this.byName.get(name)?.reachesLater ?? false;

  /** Links that join another channel to a person, in the order channels were added. */
  readonly continueLinks = (token: string): Array<{ channel: ChannelName; url: string }> =>
    this.list().flatMap((channel) =>
      channel.continueLink ? [{ channel: channel.name, url: channel.continueLink(token) }] : [],
    );
}
