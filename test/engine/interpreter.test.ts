import { loadFlows } from '../../src/engine/flow-loader';
import { advance, FlowLoopError, newSession, normaliseTyped, type EngineContext } from '../../src/engine/interpreter';
import type { EngineInput, MessageTemplate, Session } from '../../src/engine/types';
import { writeFlows } from '../support/flows';

const NOW = new Date('2026-11-24T09:00:00Z');

const LABELS: Record<string, string[]> = { 't.yes': ['Oui', 'Yes'], 't.no': ['Non', 'No'], 'keywords.menu': ['menu'] };

const BOT_YAML =
  'entry: { start: f, menu: f.menu }\ncommands: { menu: f.menu }\nsmalltalk: { thanks: f.thanked }\n' +
  'fallback: { text: f.search }\n';

function context(flowYaml: string, files: Record<string, string> = {}): EngineContext {
  const dir = writeFlows({ 'bot.yaml': BOT_YAML, 'f.yaml': flowYaml, ...files });
  const flows = loadFlows(dir, {
    hasText: () => true,
    actions: new Map([['act', ['ok']]]),
    templates: new Set(['opportunity']),
  });
  return {
    flows,
    keywords: new Map([['menu', 'menu']]),
    smalltalk: new Map([['merci', 'thanks']]),
    labelVariants: (ref) => (LABELS[ref.key] ?? [ref.key]).map(normaliseTyped),
  };
}

const FLOW = `
id: f
start: menu
nodes:
  menu:
    say: t.menu
    ask:
      choices:
        - { id: yes, label: t.yes, set: { answer: yes }, next: done }
        - { id: no, label: t.no, next: confirm }
  confirm:
    say: t.confirm
    stale: reject
    ask:
      strict: true
      choices:
        - { id: yes, label: t.yes, next: done }
  done:
    say: { key: t.done, params: { answer: $answer } }
    next: work
  work:
    action: act
    args: { answer: $answer }
    on: { ok: result, error: failed }
  result:
    say: { key: t.result, params: { value: $_value } }
  failed:
    say: t.failed
  search:
    say: { key: t.search, params: { query: $query } }
  thanked:
    say: t.thanked
    next: menu
`;

const texts = (events: ReturnType<typeof advance>['events']) =>
  events
    .filter((event) => event.type === 'message')
    .map((event) => (event.message as Extract<MessageTemplate, { kind: 'text' }>).text.key);

function run(ctx: EngineContext, inputs: EngineInput[], start?: Session) {
  let session = start ?? newSession(ctx);
  const all: ReturnType<typeof advance>['events'] = [];
  for (const input of inputs) {
    const step = advance(ctx, session, input, NOW);
    session = step.session;
    all.push(...step.events);
  }
  return { session, events: all };
}

describe('interpreter', () => {
  const ctx = context(FLOW);

  it('is pure: the session it is given is not changed', () => {
    const session = newSession(ctx);
    const before = JSON.stringify(session);
    advance(ctx, session, { type: 'start' }, NOW);
    expect(JSON.stringify(session)).toBe(before);
  });

  it('asks, then follows a tapped choice, sets variables and stops at an action', () => {
    const first = run(ctx, [{ type: 'start' }]);
    expect(first.session).toMatchObject({ flow: 'f', node: 'menu', waiting: 'input' });
    const choices = (first.events[0] as { message: MessageTemplate }).message.choices!;
    expect(choices.map((c) => c.payload)).toEqual(['f.menu/yes', 'f.menu/no']);

    const tapped = advance(ctx, first.session, { type: 'choice', payload: 'f.menu/yes' }, NOW);
    expect(texts(tapped.events)).toEqual(['t.done']);
    expect(tapped.events[1]).toEqual({ type: 'action', name: 'act', args: { answer: 'yes' } });
    expect(tapped.session).toMatchObject({ node: 'work', waiting: 'action', vars: { answer: 'yes' } });

    const done = advance(
      ctx,
      tapped.session,
      { type: 'action_result', result: { outcome: 'ok', vars: { _value: 42 } } },
      NOW,
    );
    expect(done.events).toEqual([
      { type: 'message', message: { kind: 'text', text: { key: 't.result', params: { value: 42 } } } },
    ]);
    expect(done.session.vars).toEqual({ answer: 'yes' });
    expect(done.session.waiting).toBe('idle');
  });

  it('lets typed text pick a choice by number or by its label in any language', () => {
    const started = run(ctx, [{ type: 'start' }]).session;
    expect(run(ctx, [{ type: 'text', text: '1' }], started).session.vars.answer).toBe('yes');
    expect(run(ctx, [{ type: 'text', text: '  YES! ' }], started).session.vars.answer).toBe('yes');
    expect(run(ctx, [{ type: 'text', text: 'non' }], started).session.node).toBe('confirm');
  });

  it('sends other text to the fallback with the text as "query", and global words first', () => {
    const started = run(ctx, [{ type: 'start' }]).session;
    const searched = advance(ctx, started, { type: 'text', text: 'jardin' }, NOW);
    expect(searched.events).toEqual([
      { type: 'message', message: { kind: 'text', text: { key: 't.search', params: { query: 'jardin' } } } },
    ]);
    const menu = advance(ctx, searched.session, { type: 'text', text: 'Menu' }, NOW);
    expect(menu.session.node).toBe('menu');
  });

  it('answers small talk with its own node, but only where the text is no choice and no strict answer', () => {
    const started = run(ctx, [{ type: 'start' }]).session;
    expect(texts(advance(ctx, started, { type: 'text', text: 'Merci !' }, NOW).events)).toEqual([
      't.thanked',
      't.menu',
    ]);
    const atConfirm = advance(ctx, started, { type: 'choice', payload: 'f.menu/no' }, NOW).session;
    expect(texts(advance(ctx, atConfirm, { type: 'text', text: 'merci' }, NOW).events)[0]).toBe('system.please_choose');
  });

  it('sends typed text to the fallback flow named in bot.yaml, not to a node of the same name', () => {
    const files = {
      'bot.yaml': 'entry: { start: g, menu: g.menu }\ncommands: {}\nfallback: { text: search }\n',
      'g.yaml': [
        'id: g',
        'start: menu',
        'nodes:',
        '  menu: { say: t.menu, ask: { choices: [{ id: a, label: t.yes, next: search }] } }',
        '  search: { say: t.local_search }',
      ].join('\n'),
      'search.yaml': 'id: search\nstart: free\nnodes:\n  free: { say: t.search }\n',
    };
    const scoped = context(FLOW, files);
    const started = run(scoped, [{ type: 'start' }]).session;
    const searched = advance(scoped, started, { type: 'text', text: 'jardin' }, NOW);
    expect(texts(searched.events)).toEqual(['t.search']);
    expect(searched.session.flow).toBe('search');
  });

  it('lets a strict question go after asking it again once: the next text is handled as typed text', () => {
    const atConfirm = run(ctx, [{ type: 'start' }, { type: 'choice', payload: 'f.menu/no' }]).session;
    const once = advance(ctx, atConfirm, { type: 'text', text: 'jardin' }, NOW);
    expect(texts(once.events)).toEqual(['system.please_choose', 't.confirm']);
    const twice = advance(ctx, once.session, { type: 'text', text: 'jardin' }, NOW);
    expect(twice.events).toEqual([
      { type: 'message', message: { kind: 'text', text: { key: 't.search', params: { query: 'jardin' } } } },
    ]);
  });

  it('follows a command by its name, and says so for a command the flows do not have', () => {
    const started = run(ctx, [{ type: 'start' }, { type: 'choice', payload: 'f.menu/no' }]).session;
    expect(advance(ctx, started, { type: 'command', name: 'menu' }, NOW).session.node).toBe('menu');
    const unknown = advance(ctx, started, { type: 'command', name: 'dance' }, NOW);
    expect(texts(unknown.events)).toEqual(['system.unknown_command', 't.confirm']);
    expect(unknown.session.node).toBe('confirm');
  });

  it('refuses free text at a strict question once and asks again', () => {
    const atConfirm = run(ctx, [{ type: 'start' }, { type: 'choice', payload: 'f.menu/no' }]).session;
    const refused = advance(ctx, atConfirm, { type: 'text', text: 'peut-être' }, NOW);
    expect(texts(refused.events)).toEqual(['system.please_choose', 't.confirm']);
    expect(refused.session.node).toBe('confirm');
  });

  it('accepts old buttons that still make sense, but not stale confirmations', () => {
    const atConfirm = run(ctx, [{ type: 'start' }, { type: 'choice', payload: 'f.menu/no' }]).session;
    const oldMenuButton = advance(ctx, atConfirm, { type: 'choice', payload: 'f.menu/yes' }, NOW);
    expect(oldMenuButton.session.vars.answer).toBe('yes');

    const elsewhere = run(ctx, [{ type: 'start' }]).session;
    const staleConfirm = advance(ctx, elsewhere, { type: 'choice', payload: 'f.confirm/yes' }, NOW);
    expect(texts(staleConfirm.events)).toEqual(['system.stale_button', 't.menu']);
    expect(staleConfirm.session.node).toBe('menu');
  });

  it('answers unknown payloads, unknown choices and unexpected arguments as stale', () => {
    const started = run(ctx, [{ type: 'start' }]).session;
    for (const payload of ['garbage', 'f.nowhere/yes', 'f.menu/maybe', 'f.menu/yes/extra', 'x'.repeat(300)]) {
      expect(texts(advance(ctx, started, { type: 'choice', payload }, NOW).events)[0]).toBe('system.stale_button');
    }
  });

  it('takes the error branch when an action fails, and never the default branch', () => {
    const atWork = run(ctx, [{ type: 'start' }, { type: 'choice', payload: 'f.menu/yes' }]).session;
    expect(texts(advance(ctx, atWork, { type: 'action_result', result: { outcome: 'error' } }, NOW).events)).toEqual([
      't.failed',
    ]);
    expect(texts(advance(ctx, atWork, { type: 'action_result', result: { outcome: 'surprise' } }, NOW).events)).toEqual(
      ['system.error', 't.menu'],
    );
  });

  it('recovers when the conversation’s node was removed from the flows', () => {
    const session: Session = { ...newSession(ctx), flow: 'f', node: 'removed_node', waiting: 'action' };
    const step = advance(ctx, session, { type: 'action_result', result: { outcome: 'ok' } }, NOW);
    expect(texts(step.events)).toEqual(['system.error', 't.menu']);
    expect(step.session.node).toBe('menu');
  });

  it('stops a flow that loops without asking', () => {
    const looping = context(`
id: f
start: a
nodes:
  a: { next: b }
  b: { next: a }
  menu: { say: t.menu }
  search: { say: t.search }
  thanked: { say: t.thanked }
`);
    expect(() => advance(looping, newSession(looping), { type: 'start' }, NOW)).toThrow(FlowLoopError);
  });

  it('keeps sessions serialisable', () => {
    const { session } = run(ctx, [{ type: 'start' }, { type: 'choice', payload: 'f.menu/yes' }]);
    expect(JSON.parse(JSON.stringify(session))).toEqual(session);
  });
});
