/**
 * Reads the flow files, checks them against the schema and against each other, and stops with the
 * file, the line, the path inside it and the reason at the first problem set found.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import {
  flowSchema,
  settingsSchema,
  type ChoiceSpec,
  type FlowSpec,
  type NodeSpec,
  type SettingsSpec,
  type TextRefSpec,
} from './flow-schema';

export const SETTINGS_FILE = 'bot.yaml';

export interface FlowSet {
  flows: Map<string, FlowSpec>;
  settings: SettingsSpec;
}

export interface FlowProblem {
  file: string;
  line?: number;
  path: string;
  reason: string;
}

export class FlowValidationError extends Error {
  constructor(readonly problems: FlowProblem[]) {
    super(
      'Invalid flow files:\n' +
        problems
          .map((p) => `  ${p.file}${p.line !== undefined ? `:${p.line}` : ''} at ${p.path || '(top)'}: ${p.reason}`)
          .join('\n'),
    );
    this.name = 'FlowValidationError';
  }
}

/** What the rest of the program offers the flows; references to anything else are errors. */
export interface FlowVocabulary {
  hasText(key: string): boolean;
  /** Each action's name and the outcomes it can return. */
  actions: ReadonlyMap<string, readonly string[]>;
  templates: ReadonlySet<string>;
}

type PathPart = string | number;

interface ParsedFile {
  file: string;
  document: Document;
  lines: LineCounter;
}

function formatPath(parts: readonly PathPart[]): string {
  return parts.map((part, i) => (typeof part === 'number' ? `[${part}]` : i === 0 ? part : `.${part}`)).join('');
}

function lineOf(parsed: ParsedFile, parts: readonly PathPart[]): number | undefined {
  for (let length = parts.length; length >= 0; length--) {
    const node = parsed.document.getIn(parts.slice(0, length), true);
    if (isNode(node) && node.range) return parsed.lines.linePos(node.range[0]).line;
  }
  return undefined;
}

function parseFile(file: string, shownName: string, problems: FlowProblem[]): ParsedFile | undefined {
  const lines = new LineCounter();
  const document = parseDocument(fs.readFileSync(file, 'utf8'), { lineCounter: lines, prettyErrors: false });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      problems.push({
        file: shownName,
        line: lines.linePos(error.pos[0]).line,
        path: '',
        reason: `YAML syntax: ${error.message.split('\n')[0]}`,
      });
    }
    return undefined;
  }
  return { file: shownName, document, lines };
}

function validate<T>(parsed: ParsedFile, schema: z.ZodType<T>, problems: FlowProblem[]): T | undefined {
  const result = schema.safeParse(parsed.document.toJS());
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const parts = issue.path.filter((part): part is PathPart => typeof part !== 'symbol');
    problems.push({ file: parsed.file, line: lineOf(parsed, parts), path: formatPath(parts), reason: issue.message });
  }
  return undefined;
}

export function loadFlows(dir: string, vocabulary: FlowVocabulary): FlowSet {
  const problems: FlowProblem[] = [];
  const files = fs
    .readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort();
  const flows = new Map<string, FlowSpec>();
  const sources = new Map<string, ParsedFile>();
  let settings: SettingsSpec | undefined;
  let settingsSource: ParsedFile | undefined;

  for (const name of files) {
    const parsed = parseFile(path.join(dir, name), path.join(path.basename(dir), name), problems);
    if (!parsed) continue;
    if (name === SETTINGS_FILE) {
      settings = validate(parsed, settingsSchema, problems);
      settingsSource = parsed;
      continue;
    }
    const flow = validate(parsed, flowSchema, problems);
    if (!flow) continue;
    if (flows.has(flow.id)) {
      problems.push({
        file: parsed.file,
        line: lineOf(parsed, ['id']),
        path: 'id',
        reason: `flow id "${flow.id}" is used by ${sources.get(flow.id)?.file}`,
      });
      continue;
    }
    flows.set(flow.id, flow);
    sources.set(flow.id, parsed);
  }
  if (!settings && !problems.some((problem) => problem.file.endsWith(SETTINGS_FILE))) {
    problems.push({
      file: path.join(path.basename(dir), SETTINGS_FILE),
      path: '',
      reason: 'missing: it names the entry points, commands and fallbacks',
    });
  }
  if (problems.length > 0) throw new FlowValidationError(problems);

  const set: FlowSet = { flows, settings: settings! };
  for (const [flowId, flow] of flows) checkReferences(set, flow, sources.get(flowId)!, vocabulary, problems);
  checkSettings(set, settingsSource!, vocabulary, problems);
  if (problems.length > 0) throw new FlowValidationError(problems);
  return set;
}

/** Resolves a target as written in `fromFlow` to a flow and node id, or undefined when it names nothing. */
export function resolveTarget(
  set: FlowSet,
  fromFlow: string,
  target: string,
): { flow: string; node: string } | undefined {
  const [first, second] = target.split('.');
  if (second !== undefined) return set.flows.get(first)?.nodes[second] ? { flow: first, node: second } : undefined;
  if (set.flows.get(fromFlow)?.nodes[first]) return { flow: fromFlow, node: first };
  const flow = set.flows.get(first);
  return flow ? { flow: first, node: flow.start } : undefined;
}

function textKeys(ref: TextRefSpec | TextRefSpec[] | undefined): string[] {
  if (ref === undefined) return [];
  return (Array.isArray(ref) ? ref : [ref]).map((item) => (typeof item === 'string' ? item : item.key));
}

function checkReferences(
  set: FlowSet,
  flow: FlowSpec,
  parsed: ParsedFile,
  vocabulary: FlowVocabulary,
  problems: FlowProblem[],
): void {
  const report = (parts: PathPart[], reason: string) =>
    problems.push({ file: parsed.file, line: lineOf(parsed, parts), path: formatPath(parts), reason });
  const checkTarget = (parts: PathPart[], target: string | undefined) => {
    if (target !== undefined && !resolveTarget(set, flow.id, target))
      report(parts, `"${target}" names no node or flow`);
  };
  const checkText = (parts: PathPart[], ref: TextRefSpec | TextRefSpec[] | undefined) => {
    for (const key of textKeys(ref))
      if (!vocabulary.hasText(key)) report(parts, `text key "${key}" is missing from the locales`);
  };
  const checkChoices = (parts: PathPart[], choices: ChoiceSpec[] | undefined) =>
    choices?.forEach((choice, i) => {
      checkText([...parts, i, 'label'], choice.label);
      checkTarget([...parts, i, 'next'], choice.next);
    });

  if (!flow.nodes[flow.start]) report(['start'], `start node "${flow.start}" does not exist`);
  for (const [nodeId, node] of Object.entries<NodeSpec>(flow.nodes)) {
    const at = (...parts: PathPart[]): PathPart[] => ['nodes', nodeId, ...parts];
    checkText(at('say'), node.say);
    checkChoices(at('ask', 'choices'), node.ask?.choices);
    checkChoices(at('cards', 'buttons'), node.cards?.buttons);
    if (node.ask?.choices?.some((choice) => !choice.next) && !node.next)
      report(at('ask'), 'a choice without "next" needs the node to have "next"');
    checkTarget(at('next'), node.next);
    checkTarget(at('ask', 'choicesFrom', 'next'), node.ask?.choicesFrom?.next);
    checkTarget(at('ask', 'input', 'next'), node.ask?.input?.next);
    for (const [outcome, target] of Object.entries(node.on ?? {})) checkTarget(at('on', outcome), target);
    node.branch?.forEach((branch, i) => checkTarget(at('branch', i, 'next'), branch.next));
    if (node.action && !vocabulary.actions.has(node.action)) report(at('action'), `unknown action "${node.action}"`);
    checkOutcomes(node, vocabulary, (parts, reason) => report(at(...parts), reason));
    for (const part of ['show', 'cards'] as const) {
      const template = node[part]?.template;
      if (template && !vocabulary.templates.has(template))
        report(at(part, 'template'), `unknown template "${template}"`);
    }
  }
}

function checkSettings(set: FlowSet, parsed: ParsedFile, vocabulary: FlowVocabulary, problems: FlowProblem[]): void {
  const check = (parts: PathPart[], target: string) => {
    if (!resolveTarget(set, '', target)) {
      problems.push({
        file: parsed.file,
        line: lineOf(parsed, parts),
        path: formatPath(parts),
        reason: `"${target}" names no node or flow`,
      });
    }
  };
  const { settings } = set;
  check(['entry', 'start'], settings.entry.start);
  check(['entry', 'menu'], settings.entry.menu);
  check(['fallback', 'text'], settings.fallback.text);
  // Commands and small talk are found by words in the locales: each needs its target and its words.
  const checkWorded = (section: 'commands' | 'smalltalk', prefix: string) => {
    for (const [name, target] of Object.entries(settings[section])) {
      check([section, name], target);
      if (vocabulary.hasText(`${prefix}.${name}`)) continue;
      problems.push({
        file: parsed.file,
        line: lineOf(parsed, [section, name]),
        path: `${section}.${name}`,
        reason: `the words for it, "${prefix}.${name}", are missing from the locales`,
      });
    }
  };
  checkWorded('commands', 'keywords');
  checkWorded('smalltalk', 'smalltalk');
  for (const [name, target] of Object.entries(settings.triggers)) check(['triggers', name], target);
}

/** Branches a node's action never takes are typos; outcomes it can return must lead somewhere. */
function checkOutcomes(
  node: NodeSpec,
  vocabulary: FlowVocabulary,
  report: (parts: PathPart[], reason: string) => void,
): void {
  if (!node.action) {
    if (node.on) report(['on'], '"on" follows an action, and this node has none');
    return;
  }
  const outcomes = vocabulary.actions.get(node.action);
  if (!outcomes) return;
  const branches = Object.keys(node.on ?? {});
  for (const branch of branches) {
    if (branch === 'error' || branch === 'default' || outcomes.includes(branch)) continue;
    report(['on', branch], `action "${node.action}" never returns "${branch}"; it returns ${outcomes.join(', ')}`);
  }
  if (node.next !== undefined || branches.includes('default')) return;
  const unhandled = outcomes.filter((outcome) => !branches.includes(outcome));
  if (unhandled.length > 0)
    report(['on'], `what follows "${unhandled.join('", "')}" of action "${node.action}" is missing (or add "default")`);
}
