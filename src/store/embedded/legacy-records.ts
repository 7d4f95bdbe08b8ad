/**
 * Records of the old journal format, brought to today's shapes on import: long button payloads and
 * Messenger's receipts become channel state, an account's linked Telegram chat the identity its
 * alerts go to (what migration 2 does to a database).
 */
import type { ChannelStateEntry } from '../../domain/channel-state';
import { receiptKey } from '../../domain/channel-state';

export type LegacyRecord = { collection: string; key: string; value: unknown };

type Fields = Record<string, unknown>;

const channelState = (entry: ChannelStateEntry): LegacyRecord => ({
  collection: 'channelState',
  key: `${entry.channel}:${entry.key}`,
  value: entry,
});

export function upgradeLegacyRecord(record: LegacyRecord): LegacyRecord[] {
  const value = record.value as Fields;
  if (record.collection === 'payloadRefs') {
    const { payload, savedAt } = value as { payload: string; savedAt: string };
    return [channelState({ channel: 'telegram', key: record.key, value: payload, savedAt })];
  }
  if (record.collection === 'contacts') {
    const { messengerDeliveredAt, messengerReadAt, ...contact } = value;
    const psids = ((contact.identities ?? []) as Array<{ channel: string; externalId: string }>)
      .filter((identity) => identity.channel === 'messenger')
      .map((identity) => identity.externalId);
    const receipts = psids.flatMap((psid) =>
      (
        [
          ['delivered', messengerDeliveredAt],
          ['read', messengerReadAt],
        ] as const
      ).flatMap(([kind, at]) =>
        typeof at === 'string'
          ? [channelState({ channel: 'messenger', key: receiptKey(kind, psid), value: at, savedAt: at, owner: psid })]
          : [],
      ),
    );
    return [{ ...record, value: contact }, ...receipts];
  }
  if (record.collection === 'accounts' && typeof value.telegramChatId === 'string') {
    const { telegramChatId, ...account } = value;
    return [{ ...record, value: { ...account, alertsTo: { channel: 'telegram', externalId: telegramChatId } } }];
  }
  return [record];
}
