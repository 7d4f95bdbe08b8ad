/** Records of the old journal format are brought to today's shapes as they are imported. */
import { upgradeLegacyRecord } from '../../src/store/embedded/legacy-records';
import { NOW } from '../support/factories';

describe('the old data files', () => {
  it("bring receipts and a coordinator's chat to today's shapes", () => {
    const contactRecord = {
      collection: 'contacts',
      key: 'c1',
      value: { id: 'c1', identities: [{ channel: 'messenger', externalId: 'P1' }], messengerReadAt: NOW },
    };
    expect(upgradeLegacyRecord(contactRecord)).toEqual([
      {
        collection: 'contacts',
        key: 'c1',
        value: { id: 'c1', identities: [{ channel: 'messenger', externalId: 'P1' }] },
      },
      {
        collection: 'channelState',
        key: 'messenger:receipt:read:P1',
        value: { channel: 'messenger', key: 'receipt:read:P1', value: NOW, savedAt: NOW, owner: 'P1' },
      },
    ]);
    expect(
      upgradeLegacyRecord({ collection: 'accounts', key: 'a1', value: { id: 'a1', telegramChatId: '42' } }),
    ).toEqual([
      { collection: 'accounts', key: 'a1', value: { id: 'a1', alertsTo: { channel: 'telegram', externalId: '42' } } },
    ]);
    expect(
      upgradeLegacyRecord({ collection: 'payloadRefs', key: 'r:x', value: { payload: 'p', savedAt: NOW } }),
    ).toEqual([
      {
        collection: 'channelState',
        key: 'telegram:r:x',
        value: { channel: 'telegram', key: 'r:x', value: 'p', savedAt: NOW },
      },
    ]);
  });
});
