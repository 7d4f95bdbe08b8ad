/**
 * What a node shows, computed from the session's variables: its messages (texts, a rich view, cards
 * with their buttons) and the choices it offers, each button carrying where it was offered.
 */
import { evaluate, evaluateAll, isTruthy } from './expressions';
import type { ChoiceSpec, NodeSpec, TextRefSpec } from './flow-schema';
import { encodePayload, LIST_CHOICE } from './payload';
import type { ChoiceTemplate, JsonValue, MessageTemplate, TextRef, Vars } from './types';

/** The node the buttons belong to: a tap names it, so a stale one is recognised. */
export interface NodePosition {
  flow: string;
  node: string;
}

export function textRef(spec: TextRefSpec, scope: Vars): TextRef {
  if (typeof spec === 'string') return { key: spec };
  return spec.params ? { key: spec.key, params: evaluateAll(spec.params, scope) } : { key: spec.key };
}

export function messagesOf(node: NodeSpec, scope: Vars, at: NodePosition): MessageTemplate[] {
  const messages: MessageTemplate[] = [];
  const says = node.say === undefined ? [] : Array.isArray(node.say) ? node.say : [node.say];
  for (const say of says) messages.push({ kind: 'text', text: textRef(say, scope) });
  if (node.show) messages.push({ kind: 'show', template: node.show.template, data: evaluate(node.show.from, scope) });
  if (node.cards) {
    const { cards } = node;
    const listed = evaluate(cards.from, scope);
    const items = Array.isArray(listed) ? listed : [];
    const buttons = items.map((item) => templatesOf(cards.buttons, { ...scope, item }, at));
    if (items.length > 0) messages.push({ kind: 'cards', template: cards.template, items, buttons });
  }
  return messages;
}

export function choicesOf(node: NodeSpec, scope: Vars, at: NodePosition): ChoiceTemplate[] {
  // Listed items first (the regions, the themes), then the fixed choices (anywhere, all, menu).
  const choices: ChoiceTemplate[] = [];
  const from = node.ask?.choicesFrom;
  if (from) {
    const listed = evaluate(from.from, scope);
    for (const item of Array.isArray(listed) ? listed : []) {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) continue;
      const label = item.label as TextRefSpec;
      choices.push({
        label: textRef(label, scope),
        payload: encodePayload({ flow: at.flow, node: at.node, choice: LIST_CHOICE, arg: argText(item.value) }),
      });
    }
  }
  return [...choices, ...templatesOf(node.ask?.choices ?? [], scope, at)];
}

function templatesOf(choices: ChoiceSpec[], scope: Vars, at: NodePosition): ChoiceTemplate[] {
  return choices
    .filter((choice) => choice.when === undefined || isTruthy(evaluate(choice.when, scope)))
    .map((choice) => {
      const arg = choice.arg === undefined ? undefined : argText(evaluate(choice.arg.value, scope));
      const payload = encodePayload({ flow: at.flow, node: at.node, choice: choice.id, arg });
      return { label: textRef(choice.label, scope), payload };
    });
}

/** A button's argument is text: an id or a number as it is written, anything else as JSON. */
function argText(value: JsonValue | undefined): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? '');
}
