/** The Messenger channel's wire: webhook events in, Send API requests out (through the real sender). */
import { itemId, messagingItems, parseItem } from '../../src/channels/messenger/inbound';
import { renderForMessenger } from '../../src/channels/messenger/render';
import { MessengerSender } from '../../src/channels/messenger/sender';
import fixtures from '../messenger/fixtures/events.json';
import type { ChannelWire, PlatformRequest } from './kit';

export const PSID = 'PSID1';

export const messengerWire: ChannelWire<unknown> = {
  channel: 'Messenger',
  // Each messaging item with the id that makes a redelivery recognisable.
  inbound: (payload) => messagingItems(payload).items.map((item) => ({ id: itemId(item), ...parseItem(item) })),
  async outbound(messages) {
    const requests: PlatformRequest[] = [];
    const sender = new MessengerSender({
      graph: {
        post: async (path, body) => {
          requests.push({ method: `POST ${path}`, body });
          return {};
        },
        postFile: async (path, fields, file) => {
          requests.push({ method: `POST ${path} (file)`, body: { ...fields, filedata: file } });
          return {};
        },
      },
      sleep: async () => undefined,
    });
    await sender.send(PSID, 'RESPONSE', renderForMessenger(messages));
    return requests;
  },
};

export { fixtures };

/** A webhook payload from a fixture, with `"REF"` replaced. */
export const withRef = (payload: unknown, ref: string): unknown =>
  JSON.parse(JSON.stringify(payload).replace('"REF"', JSON.stringify(ref)));

/** The Get Started postback, carrying another payload (a persistent menu entry). */
export const postback = (payload: string): unknown =>
  JSON.parse(JSON.stringify(fixtures.getStarted).replace('"GET_STARTED"', JSON.stringify(payload)));

export const messengerEvent = (id: string, psid: string, timestamp: number, input: unknown) => ({
  id,
  kind: 'conversation',
  psid,
  event: {
    channel: 'messenger',
    externalId: psid,
    eventId: id,
    sentAt: new Date(timestamp).toISOString(),
    input,
  },
});

/** A Send API request answering the person. */
export const reply = (message: unknown): PlatformRequest => ({
  method: 'POST /me/messages',
  body: { recipient: { id: PSID }, messaging_type: 'RESPONSE', message },
});
