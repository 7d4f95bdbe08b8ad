/**
 * Replies that survive a crash. The engine keeps the reply to a person's latest event with their
 * conversation, in the same write that marks the event handled. A channel sends that reply one
 * message at a time, noting in its state before each how far it got, and notes when it is done.
 *
 * If the process dies mid-reply, the platform's event comes back (still in the inbox, or redelivered
 * because it was never acknowledged). The engine recognises it and gives the same reply; the journal
 * says what is left: the messages not yet started. The one in flight at the crash is not sent again
 * (it may have arrived): each message goes out at most once, as the outbox does it.
 */
import type { ChannelStateRepository } from '../domain/channel-state';
import type { OutboundMessage } from '../domain/messages';
import type { ChannelName } from '../domain/model';
import type { TurnResult } from '../engine/types';

const DONE = 'done';
const key = (eventId: string) => `reply:${eventId}`;

export class ReplyJournal {
  constructor(
    private readonly state: Pick<ChannelStateRepository, 'get' | 'put'>,
    private readonly channel: ChannelName,
    private readonly clock: () => Date,
  ) {}

  /** What is left to send of the reply to this event, with the index of its first message. */
  async remaining(eventId: string, result: TurnResult): Promise<{ from: number; messages: OutboundMessage[] }> {
    if (!result.duplicate) return { from: 0, messages: result.messages };
    const noted = await this.state.get(this.channel, key(eventId));
    if (noted === DONE) return { from: 0, messages: [] };
    // Not noted: the process died after the event was handled, before the first message left.
    const from = noted === undefined ? 0 : Number(noted) + 1;
    return { from, messages: result.messages.slice(from) };
  }

  /** Noted before message `index` leaves: after a crash, it counts as possibly sent. */
  sending(eventId: string, owner: string, index: number): Promise<void> {
    return this.note(eventId, owner, String(index));
  }

  done(eventId: string, owner: string): Promise<void> {
    return this.note(eventId, owner, DONE);
  }

  /**
   * Sends what is left of the reply, a message at a time, noting progress; `send` says whether to go
   * on. An event without an id cannot come back as itself: its reply is sent without notes.
   */
  async send(
    eventId: string | undefined,
    owner: string,
    result: TurnResult,
    send: (message: OutboundMessage) => Promise<boolean>,
  ): Promise<void> {
    if (eventId === undefined) {
      for (const message of result.messages) if (!(await send(message))) break;
      return;
    }
    const { from, messages } = await this.remaining(eventId, result);
    if (messages.length === 0) return;
    for (const [offset, message] of messages.entries()) {
      await this.sending(eventId, owner, from + offset);
      if (!(await send(message))) break;
    }
    await this.done(eventId, owner);
  }

  private note(eventId: string, owner: string, value: string): Promise<void> {
    return this.state.put({
      channel: this.channel,
      key: key(eventId),
      value,
      savedAt: this.clock().toISOString(),
      owner,
    });
  }
}
