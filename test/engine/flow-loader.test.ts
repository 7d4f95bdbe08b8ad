import path from 'node:path';
import { FlowValidationError, loadFlows, type FlowVocabulary } from '../../src/engine/flow-loader';
import { loadEngineContext } from '../../src/engine/runtime';
import { loadTranslator } from '../../src/engine/i18n';
import { ROOT } from '../support/bot';
import { MINIMAL_SETTINGS, writeFlows } from '../support/flows';

const vocabulary: FlowVocabulary = {
  hasText: (key) => ['main.hello', 'main.yes', 'keywords.menu'].includes(key),
  actions: new Map([['doThing', ['ok', 'none']]]),
  templates: new Set(['opportunity']),
};

const problemsOf = (files: Record<string, string>) => {
  try {
    loadFlows(writeFlows(files), vocabulary);
  } catch (error) {
    if (error instanceof FlowValidationError) return error.problems;
    throw error;
  }
  throw new Error('expected the flows to be refused');
};

const MAIN_OK = `
id: main
start: menu
nodes:
  menu:
    say: main.hello
    ask:
      choices:
        - { id: yes, label: main.yes, next: menu }
`;

describe('flow loading', () => {
  it('loads the repository’s own flows', () => {
    const translator = loadTranslator(path.join(ROOT, 'locales'));
    const context = loadEngineContext(path.join(ROOT, 'flows'), translator);
    expect([...context.flows.flows.keys()].sort()).toEqual([
      'alerts',
      'discover',
      'help',
      'human',
      'impact',
      'main',
      'privacy',
      'reminders',
      'search',
      'settings',
      'signup',
      'signups',
      'welcome',
    ]);
    expect(context.keywords.get('aide')).toBe('help');
    expect(context.keywords.get('help')).toBe('help');
    expect(context.keywords.get('arret')).toBe('stop');
  });

  it('accepts a minimal valid set', () => {
    const set = loadFlows(writeFlows({ 'bot.yaml': MINIMAL_SETTINGS, 'main.yaml': MAIN_OK }), vocabulary);
    expect(set.flows.get('main')?.start).toBe('menu');
  });

  it('names the file, line, path and reason of a target that names nothing', () => {
    const problems = problemsOf({
      'bot.yaml': MINIMAL_SETTINGS,
      'main.yaml': MAIN_OK.replace('next: menu', 'next: nowhere'),
    });
    expect(problems).toEqual([
      {
        file: expect.stringMatching(/main\.yaml$/),
        line: 9,
        path: 'nodes.menu.ask.choices[0].next',
        reason: '"nowhere" names no node or flow',
      },
    ]);
  });

  it('refuses an outcome the action never returns (a typo), with file and line, and one leading nowhere', () => {
    const flow = `
id: main
start: menu
nodes:
  menu:
    say: main.hello
    next: act
  act:
    action: doThing
    on: { ok: menu, ful: menu }
  other:
    action: doThing
    on: { ok: menu, error: menu }
  fine:
    action: doThing
    on: { ok: menu, default: menu }
`;
    expect(problemsOf({ 'bot.yaml': MINIMAL_SETTINGS, 'main.yaml': flow })).toEqual([
      {
        file: expect.stringMatching(/main\.yaml$/),
        line: 10,
        path: 'nodes.act.on.ful',
        reason: 'action "doThing" never returns "ful"; it returns ok, none',
      },
      {
        file: expect.stringMatching(/main\.yaml$/),
        line: 10,
        path: 'nodes.act.on',
        reason: 'what follows "none" of action "doThing" is missing (or add "default")',
      },
      {
        file: expect.stringMatching(/main\.yaml$/),
        line: 13,
        path: 'nodes.other.on',
        reason: 'what follows "none" of action "doThing" is missing (or add "default")',
      },
    ]);
  });

  it('refuses text keys missing from the locales, unknown actions and templates', () => {
    const flow = `
id: main
start: menu
nodes:
  menu:
    say: main.missing
    next: act
  act:
    action: noSuchAction
    next: menu
  cards:
    cards: { template: nope, from: $x, buttons: [] }
`;
    const reasons = problemsOf({ 'bot.yaml': MINIMAL_SETTINGS, 'main.yaml': flow }).map(
      (p) => `${p.path}: ${p.reason}`,
    );
    expect(reasons).toEqual([
      'nodes.menu.say: text key "main.missing" is missing from the locales',
      'nodes.act.action: unknown action "noSuchAction"',
      'nodes.cards.cards.template: unknown template "nope"',
    ]);
  });

  it('refuses nodes that break the schema, with the path inside the file', () => {
    const flow = `
id: main
start: menu
nodes:
  menu:
    say: main.hello
    action: doThing
    ask: { choices: [] }
    colour: blue
`;
    const problems = problemsOf({ 'bot.yaml': MINIMAL_SETTINGS, 'main.yaml': flow });
    expect(problems.map((p) => p.path)).toEqual(expect.arrayContaining(['nodes.menu']));
    expect(problems.map((p) => p.reason).join('\n')).toMatch(/Unrecognized key: "colour"/);
    expect(problems.every((p) => p.line !== undefined && p.line >= 5)).toBe(true);
  });

  it('reports YAML syntax errors with their line', () => {
    const problems = problemsOf({ 'bot.yaml': MINIMAL_SETTINGS, 'main.yaml': 'id: main\nnodes:\n  a: [unclosed\n' });
    expect(problems[0]).toMatchObject({
      file: expect.stringMatching(/main\.yaml$/),
      reason: expect.stringMatching(/^YAML syntax/),
    });
    expect(problems[0].line).toBeGreaterThan(1);
  });

  it('refuses two flows with one id, a missing start node, and a missing bot.yaml', () => {
    expect(problemsOf({ 'bot.yaml': MINIMAL_SETTINGS, 'a.yaml': MAIN_OK, 'b.yaml': MAIN_OK })[0].reason).toMatch(
      /flow id "main" is used by/,
    );
    expect(
      problemsOf({ 'bot.yaml': MINIMAL_SETTINGS, 'main.yaml': MAIN_OK.replace('start: menu', 'start: gone') })[0]
        .reason,
    ).toBe('start node "gone" does not exist');
    expect(problemsOf({ 'main.yaml': MAIN_OK })[0]).toMatchObject({
      path: '',
      reason: expect.stringMatching(/^missing/),
    });
  });

  it('refuses commands whose words are not in the locales', () => {
    const settings = MINIMAL_SETTINGS.replace(
      'commands: { menu: main.menu }',
      'commands: { menu: main.menu, dance: main.menu }',
    );
    expect(problemsOf({ 'bot.yaml': settings, 'main.yaml': MAIN_OK })).toEqual([
      expect.objectContaining({ path: 'commands.dance', reason: expect.stringMatching(/keywords\.dance/) }),
    ]);
  });
});
