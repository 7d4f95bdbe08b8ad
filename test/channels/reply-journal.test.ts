/** What is left of a reply after a crash, and nothing again once it went out. */
import { ReplyJournal } from '../../src/channels/reply-journal';
import type { OutboundMessage } from '../../src/domain/messages';
import { createEmbeddedStore } from '../../src/store/embedded';

const messages: OutboundMessage[] = ['one', 'two', 'three'].map((text) => ({ kind: 'text', text }));
const turn = (duplicate: boolean) => ({ contactId: 'c', locale: 'fr' as const, messages, duplicate });
const texts = (list: OutboundMessage[]) => list.map((message) => (message.kind === 'text' ? message.text : '?'));

describe('reply journal', () => {
  const journal = () => new ReplyJournal(createEmbeddedStore().channelState, 'telegram', () => new Date());

  it('sends a new reply whole, noting each message before it leaves', async () => {
    const subject = journal();
    const sent: string[] = [];
    await subject.send('u1', '42', turn(false), async (message) => {
      sent.push(texts([message])[0]);
      return true;
    });
    expect(sent).toEqual(['one', 'two', 'three']);
    // Sent again by the platform afterwards: nothing goes out twice.
    expect((await subject.remaining('u1', turn(true))).messages).toEqual([]);
  });

  it('after a crash, resumes after the message that was in flight', async () => {
    const subject = journal();
    await subject.sending('u2', '42', 0);
    await subject.sending('u2', '42', 1);
    expect(await subject.remaining('u2', turn(true))).toEqual({ from: 2, messages: [messages[2]] });
  });

  it('after a crash before the first message, sends the whole reply', async () => {
    expect(texts((await journal().remaining('u3', turn(true))).messages)).toEqual(['one', 'two', 'three']);
  });

  it('sends the whole reply of an event without an id, noting nothing', async () => {
    const state = createEmbeddedStore().channelState;
    const sent: string[] = [];
    await new ReplyJournal(state, 'telegram', () => new Date()).send(undefined, '42', turn(false), async (message) => {
      sent.push(texts([message])[0]);
      return true;
    });
    expect(sent).toEqual(['one', 'two', 'three']);
    expect(await state.get('telegram', 'reply:undefined')).toBeUndefined();
  });

  it('stops at a message the platform refused, and counts the reply as done', async () => {
    const subject = journal();
    const sent: string[] = [];
    await subject.send('u4', '42', turn(false), async (message) => {
      sent.push(texts([message])[0]);
      return false;
    });
    expect(sent).toEqual(['one']);
    expect((await subject.remaining('u4', turn(true))).messages).toEqual([]);
  });
});
