/** The running channels by name: where share and continue links point, and who can write days later. */
import express from 'express';
import type { Channel } from '../../src/channels/channel';
import { ChannelDirectory } from '../../src/channels/directory';
import type { ChannelName } from '../../src/domain/model';

const channel = (name: ChannelName, links: Partial<Pick<Channel, 'shareLink' | 'continueLink'>>, later = true) =>
  ({
    name,
    reachesLater: later,
    routes: () => express.Router(),
    start: async () => undefined,
    stop: async () => undefined,
    deliver: async () => ({ status: 'sent', parts: 1 }),
    ...links,
  }) as Channel;

describe('channel directory', () => {
  const directory = new ChannelDirectory();
  directory.add(channel('telegram', { shareLink: (ref) => `tg:${ref}`, continueLink: (token) => `tg:link_${token}` }));
  directory.add(channel('messenger', {}, false));
  directory.add(
    channel('web', { shareLink: (ref) => `web:start=${ref}`, continueLink: (token) => `web:link=${token}` }),
  );

  it('opens a share link on the channel asked, else on the web chat', () => {
    expect(directory.shareLink('telegram', 'r1')).toBe('tg:r1');
    expect(directory.shareLink('messenger', 'r1')).toBe('web:start=r1');
  });

  it('offers the channels that can continue a conversation, in the order they were added', () => {
    expect(directory.continueLinks('t1')).toEqual([
      { channel: 'telegram', url: 'tg:link_t1' },
      { channel: 'web', url: 'web:link=t1' },
    ]);
  });

  it('says which channels reach a person days later, and gives the outbox each way out', () => {
    expect(directory.reachesLater('telegram')).toBe(true);
    expect(directory.reachesLater('messenger')).toBe(false);
    expect(Object.keys(directory.deliveries)).toEqual(['telegram', 'messenger', 'web']);
  });

  it('refuses to make a share link when the web chat is missing', () => {
    expect(() => new ChannelDirectory().shareLink('telegram', 'r1')).toThrow('the web chat is missing');
  });
});
