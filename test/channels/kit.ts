/**
 * The channel test kit: each channel's wire format as a table. An inbound case is a platform request
 * as the platform sends it (shapes from its documentation) and what the channel must make of it (the
 * neutral event); an outbound case is a neutral message and the exact platform request(s) it must
 * produce. Every channel's parsing and rendering is tested through here.
 */
import type { OutboundMessage } from '../../src/domain/messages';

export interface InboundCase<Request> {
  name: string;
  request: Request;
  /** What the channel makes of it: the neutral event, or its own verdict (ignored, a receipt...). */
  expected: unknown;
}

/** A request to the platform: the API method (or HTTP path) and its exact body. */
export interface PlatformRequest {
  method: string;
  body: unknown;
}

export interface OutboundCase {
  name: string;
  messages: OutboundMessage[];
  requests: PlatformRequest[];
}

/** How a channel reads a platform request, and what it sends for neutral messages. */
export interface ChannelWire<Request> {
  channel: string;
  inbound(request: Request): unknown;
  outbound(messages: OutboundMessage[]): Promise<PlatformRequest[]>;
}

export function describeWire<Request>(
  wire: ChannelWire<Request>,
  cases: { inbound: InboundCase<Request>[]; outbound: OutboundCase[] },
): void {
  describe(`${wire.channel} wire format`, () => {
    it.each(cases.inbound.map((item) => [item.name, item] as const))('reads %s', async (_name, item) => {
      expect(await wire.inbound(item.request)).toEqual(item.expected);
    });
    it.each(cases.outbound.map((item) => [item.name, item] as const))('sends %s', async (_name, item) => {
      expect(await wire.outbound(item.messages)).toEqual(item.requests);
    });
  });
}
