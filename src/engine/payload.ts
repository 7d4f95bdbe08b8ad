/**
 * Button payloads: `flow.node/choice` plus `/arg` when the choice carries a value. Short and opaque
 * enough for Telegram's 64-byte callback data and Messenger's payloads.
 */
export interface ChoicePayload {
  flow: string;
  node: string;
  choice: string;
  arg?: string;
}

/** The choice id of items built from a list (`choicesFrom`). */
export const LIST_CHOICE = 'item';

export function encodePayload(payload: ChoicePayload): string {
  const base = `${payload.flow}.${payload.node}/${payload.choice}`;
  return payload.arg === undefined ? base : `${base}/${payload.arg}`;
}

export function decodePayload(text: string): ChoicePayload | undefined {
  const match = /^([a-z][a-z0-9_]*)\.([a-z][a-z0-9_]*)\/([a-z][a-z0-9_]*)(?:\/([^/]{1,64}))?$/.exec(text);
  if (!match) return undefined;
  const [, flow, node, choice, arg] = match;
  return arg === undefined ? { flow, node, choice } : { flow, node, choice, arg };
}
