/** What the interpreter is given (flows, words), where a conversation starts, and what it can throw. */
import { foldText } from '../domain/text';
import { resolveTarget, type FlowSet } from './flow-loader';
import { SESSION_SCHEMA, type EngineEvent, type Session, type TextRef } from './types';

/** More nodes than this in one turn means the flow loops without asking anything. */
export const MAX_STEPS_PER_TURN = 100;

export interface EngineContext {
  flows: FlowSet;
  /** Folded global word → command name (from `keywords.<command>` in every language). */
  keywords: ReadonlyMap<string, string>;
  /** Folded phrase → small-talk name (from `smalltalk.<name>`): greetings and thanks, not searches. */
  smalltalk: ReadonlyMap<string, string>;
  /** Every translation of a text, folded, so typed text can pick a choice in any language. */
  labelVariants(ref: TextRef): string[];
}

export interface StepResult {
  session: Session;
  events: EngineEvent[];
}

export class FlowLoopError extends Error {
  constructor(at: string) {
    super(`The flow went through ${MAX_STEPS_PER_TURN} nodes without waiting for the person (last: ${at}); it loops.`);
    this.name = 'FlowLoopError';
  }
}

export function newSession(context: EngineContext): Session {
  const start = resolveTarget(context.flows, '', context.flows.settings.entry.start)!;
  return {
    schema: SESSION_SCHEMA,
    flow: start.flow,
    node: start.node,
    waiting: 'idle',
    vars: {},
    prompt: [],
    question: null,
  };
}

/** The bare text of a choice's label in every language, as the person might type it. */
export function normaliseTyped(text: string): string {
  return foldText(text)
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
