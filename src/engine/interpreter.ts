/**
 * The flow interpreter. Pure: given the flows, a session, an input and a clock, it returns the new
 * session and the events to carry out (messages to send, named actions to run). It never touches a
 * store or a network; the conversation runner does, and feeds action results back in.
 */
import { evaluate, evaluateAll, isTruthy } from './expressions';
import {
  FlowLoopError,
  MAX_STEPS_PER_TURN,
  newSession,
  normaliseTyped,
  type EngineContext,
  type StepResult,
} from './engine-context';
import { resolveTarget } from './flow-loader';
import type { NodeSpec } from './flow-schema';
import { choicesOf, messagesOf, type NodePosition } from './node-content';
import { decodePayload, LIST_CHOICE } from './payload';
import {
  type ChoiceTemplate,
  type EngineEvent,
  type EngineInput,
  type MessageTemplate,
  type Session,
  type TextRef,
  type Vars,
} from './types';

export { FlowLoopError, newSession, normaliseTyped, type EngineContext, type StepResult } from './engine-context';

/** Free text kept for a search: enough for any real query, never a 10,000-character paste. */
const MAX_QUERY_LENGTH = 200;
/**
 * A strict question asks again once; text typed after that is the person moving on (a search, a
 * question), and is handled as such rather than refused for ever.
 */
const STRICT_REFUSALS = 1;

/**
 * A fresh conversation at the main menu, for recovering from a broken turn. The menu must not need
 * an action; if even it fails, the conversation simply waits.
 */
export function restart(context: EngineContext, now: Date): StepResult {
  const turn = new Turn(context, newSession(context), now.toISOString());
  try {
    turn.goToMenu();
    if (turn.session.waiting === 'action') return { session: newSession(context), events: [] };
    return { session: turn.session, events: turn.events.filter((event) => event.type === 'message') };
  } catch {
    return { session: newSession(context), events: [] };
  }
}

export function advance(context: EngineContext, session: Session, input: EngineInput, now: Date): StepResult {
  // The turn only ever replaces fields and variables, never changes a value in place: copying
  // the two levels it writes to keeps the caller's session untouched.
  const turn = new Turn(context, { ...session, vars: { ...session.vars } }, now.toISOString());
  turn.handle(input);
  return { session: turn.session, events: turn.events };
}

class Turn {
  readonly events: EngineEvent[] = [];
  private steps = 0;

  constructor(
    private readonly context: EngineContext,
    readonly session: Session,
    /** The turn's time as flows see it (`$now`), written once. */
    private readonly nowIso: string,
  ) {}

  handle(input: EngineInput): void {
    if (this.isStranded() && (input.type === 'text' || input.type === 'choice' || input.type === 'attachment')) {
      return this.rescue(input);
    }
    switch (input.type) {
      case 'action_result':
        return this.afterAction(input.result.outcome, input.result.vars);
      case 'start':
        if (input.opportunityId !== undefined) this.session.vars.pendingOpportunity = input.opportunityId;
        if (input.associationId !== undefined) this.session.vars.pendingAssociation = input.associationId;
        return this.goToSetting(this.context.flows.settings.entry.start);
      case 'trigger': {
        const target = this.context.flows.settings.triggers[input.name];
        if (target === undefined) return;
        Object.assign(this.session.vars, input.vars ?? {});
        return this.goToSetting(target);
      }
      case 'attachment':
        return this.reprompt('system.attachment_unsupported');
      case 'choice':
        return this.choose(input.payload);
      case 'text':
        return this.typed(input.text);
      case 'command': {
        const target = this.context.flows.settings.commands[input.name];
        return target === undefined ? this.reprompt('system.unknown_command') : this.goToSetting(target);
      }
    }
  }

  goToMenu(): void {
    this.goToSetting(this.context.flows.settings.entry.menu);
  }

  /**
   * The targets in bot.yaml name flows from outside any flow: typed text on the results screen
   * goes to the search flow, not to the discovery flow's node that happens to be called "search".
   */
  private goToSetting(target: string): void {
    this.goTo(target, '');
  }

  private get node(): NodeSpec | undefined {
    return this.context.flows.flows.get(this.session.flow)?.nodes[this.session.node];
  }

  /** Waiting on a node an update of the flows removed: its buttons and its question are gone. */
  private isStranded(): boolean {
    return this.session.waiting === 'input' && this.node === undefined;
  }

  /**
   * Says sorry and forgets the dead question, then handles what the person sent as if they were at
   * the menu: a typed search or question is not lost, a live button still works, a dead one leads
   * to the menu.
   */
  private rescue(input: EngineInput): void {
    this.emit({ kind: 'text', text: { key: 'system.flow_changed' } });
    this.session.waiting = 'idle';
    this.session.prompt = [];
    this.session.question = null;
    if (input.type === 'text') return this.typed(input.text);
    if (input.type === 'choice') {
      const payload = decodePayload(input.payload);
      if (payload && this.context.flows.flows.get(payload.flow)?.nodes[payload.node]) return this.choose(input.payload);
    }
    this.goToMenu();
  }

  private afterAction(outcome: string, vars: Vars | undefined): void {
    const node = this.node;
    if (this.session.waiting !== 'action' || !node?.action) return this.recover('system.error');
    Object.assign(this.session.vars, vars ?? {});
    // A failed action never falls through to `default`: that branch assumes the action worked.
    const target = outcome === 'error' ? node.on?.error : (node.on?.[outcome] ?? node.on?.default ?? node.next);
    if (target === undefined) return this.recover('system.error');
    this.goTo(target);
  }

  private choose(payloadText: string): void {
    const payload = decodePayload(payloadText);
    const node = payload && this.context.flows.flows.get(payload.flow)?.nodes[payload.node];
    if (!payload || !node) return this.reprompt('system.stale_button');
    const isCurrent =
      payload.flow === this.session.flow && payload.node === this.session.node && this.session.waiting === 'input';
    if (node.stale === 'reject' && !isCurrent) return this.reprompt('system.stale_button');

    if (payload.choice === LIST_CHOICE && node.ask?.choicesFrom && payload.arg !== undefined) {
      this.session.vars[node.ask.choicesFrom.var] = payload.arg;
      return this.goTo(node.ask.choicesFrom.next, payload.flow);
    }
    const choice = [...(node.ask?.choices ?? []), ...(node.cards?.buttons ?? [])].find((c) => c.id === payload.choice);
    if (!choice) return this.reprompt('system.stale_button');
    if ((choice.arg === undefined) !== (payload.arg === undefined)) return this.reprompt('system.stale_button');
    Object.assign(this.session.vars, evaluateAll(choice.set, this.scope()));
    if (choice.arg && payload.arg !== undefined) this.session.vars[choice.arg.var] = payload.arg;
    this.goTo(choice.next ?? node.next!, payload.flow);
  }

  private typed(raw: string): void {
    const text = raw.trim();
    if (text.length === 0) return this.reprompt('system.empty_text');
    const typed = normaliseTyped(text);

    const command = this.context.keywords.get(typed);
    if (command !== undefined) return this.goToSetting(this.context.flows.settings.commands[command]);

    const node = this.node;
    const waitingForInput = this.session.waiting === 'input' && node !== undefined;
    const input = waitingForInput ? node.ask?.input : undefined;
    if (input) {
      if (Array.from(text).length > input.maxLength)
        return this.reprompt('system.input_too_long', { max: input.maxLength });
      this.session.vars[input.var] = text;
      return this.goTo(input.next);
    }

    const picked = this.matchPrompt(typed);
    if (picked) return this.choose(picked.payload);
    if (waitingForInput && node.ask?.strict && (this.session.refused ?? 0) < STRICT_REFUSALS) {
      this.session.refused = (this.session.refused ?? 0) + 1;
      return this.reprompt('system.please_choose');
    }
    // "salut", "merci", "non merci" are not searches: a friendly word and the menu.
    const smalltalk = this.context.smalltalk.get(typed);
    if (smalltalk !== undefined) return this.goToSetting(this.context.flows.settings.smalltalk[smalltalk]);

    this.session.vars.query = Array.from(text).slice(0, MAX_QUERY_LENGTH).join('');
    this.goToSetting(this.context.flows.settings.fallback.text);
  }

  /** "2" picks the second choice; a label picks its choice in any language. */
  private matchPrompt(typed: string): ChoiceTemplate | undefined {
    const prompt = this.session.prompt;
    if (/^\d{1,2}$/.test(typed)) return prompt[Number(typed) - 1];
    return prompt.find((choice) => this.context.labelVariants(choice.label).includes(typed));
  }

  /** Says why, then asks the last question again with its choices. */
  private reprompt(key: string, params?: Vars): void {
    const notice: TextRef = params ? { key, params } : { key };
    if (this.session.prompt.length === 0 && this.session.waiting !== 'input') {
      this.emit({ kind: 'text', text: notice });
      return this.goToMenu();
    }
    const question = this.session.question;
    if (question) {
      this.emit({ kind: 'text', text: notice });
      this.emit({ kind: 'text', text: question, choices: this.session.prompt });
    } else {
      this.emit({ kind: 'text', text: notice, choices: this.session.prompt });
    }
  }

  /** The flow no longer has the node the conversation was at (it was edited), or an action failed. */
  private recover(key: string): void {
    this.emit({ kind: 'text', text: { key } });
    this.goToMenu();
  }

  private goTo(target: string, fromFlow = this.session.flow): void {
    let position = resolveTarget(this.context.flows, fromFlow, target);
    while (position) {
      if (++this.steps > MAX_STEPS_PER_TURN) throw new FlowLoopError(`${position.flow}.${position.node}`);
      this.session.flow = position.flow;
      this.session.node = position.node;
      const next = this.enter(this.context.flows.flows.get(position.flow)!.nodes[position.node]);
      position = next === undefined ? undefined : resolveTarget(this.context.flows, this.session.flow, next);
    }
  }

  /** Runs one node; returns where to go next, or undefined when the turn waits. */
  private enter(node: NodeSpec): string | undefined {
    if (node.set) Object.assign(this.session.vars, evaluateAll(node.set, this.scope()));
    const messages = messagesOf(node, this.scope(), this.position());

    if (node.action) {
      messages.forEach((message) => this.emit(message));
      this.session.waiting = 'action';
      this.events.push({ type: 'action', name: node.action, args: evaluateAll(node.args, this.scope()) });
      return undefined;
    }
    if (node.branch) {
      messages.forEach((message) => this.emit(message));
      const scope = this.scope();
      const taken = node.branch.find((branch) => {
        const value = evaluate(`$${branch.if}`, scope);
        return branch.equals === undefined ? isTruthy(value) : value === branch.equals;
      });
      return taken?.next ?? node.next ?? this.context.flows.settings.entry.menu;
    }
    if (node.ask) {
      const choices = choicesOf(node, this.scope(), this.position());
      // An empty card list shows nothing: the choices still need a message to hang on.
      if (messages.length === 0) messages.push({ kind: 'text', text: { key: 'system.choose' } });
      const last = messages[messages.length - 1];
      if (choices.length > 0) last.choices = choices;
      messages.forEach((message) => this.emit(message));
      this.session.prompt = choices;
      this.wait('input', last.kind === 'text' ? last.text : null);
      return undefined;
    }
    messages.forEach((message) => this.emit(message));
    if (node.next !== undefined) return node.next;
    this.session.prompt = [];
    this.wait('idle', null);
    return undefined;
  }

  private wait(state: Session['waiting'], question: TextRef | null): void {
    this.session.waiting = state;
    this.session.question = question;
    delete this.session.refused;
    for (const name of Object.keys(this.session.vars)) if (name.startsWith('_')) delete this.session.vars[name];
  }

  private position(): NodePosition {
    return { flow: this.session.flow, node: this.session.node };
  }

  private scope(): Vars {
    return { ...this.session.vars, now: this.nowIso };
  }

  private emit(message: MessageTemplate): void {
    this.events.push({ type: 'message', message });
  }
}
