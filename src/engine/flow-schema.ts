/** The shape of flow files, checked at start-up. Cross-references are checked by the loader. */
import { z } from 'zod';

const id = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]{0,23}$/,
    'must be lower-case letters, digits or _, at most 24 characters, starting with a letter',
  );
const actionName = z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/, 'must be an action name such as "searchOpportunities"');
const i18nKey = z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z0-9_-]+)+$/, 'must be an i18n key such as "menu.title"');
/** A target: `node`, `flow.node`, or `flow` (its start node). */
const target = z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)?$/, 'must be "node", "flow" or "flow.node"');
/** Literal values, or `$name.path` references to session variables. */
const expression = z.union([z.string(), z.number(), z.boolean(), z.null()]);
const expressions = z.record(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/), expression);

export const textRefSchema = z.union([i18nKey, z.strictObject({ key: i18nKey, params: expressions.optional() })]);

const choiceSchema = z.strictObject({
  id,
  label: textRefSchema,
  next: target.optional(),
  set: expressions.optional(),
  /** A value fixed when the choice is shown, carried in the button, stored in `var` when tapped. */
  arg: z.strictObject({ var: z.string(), value: expression }).optional(),
  /** Shown only when this expression is truthy. */
  when: expression.optional(),
});

const askSchema = z
  .strictObject({
    choices: z.array(choiceSchema).optional(),
    /** Choices built from a list in a variable: items `{ value, label }`; the value goes in `var`. */
    choicesFrom: z.strictObject({ from: z.string(), var: z.string(), next: target }).optional(),
    /** Free text stored in `var`, then `next`. */
    input: z
      .strictObject({ var: z.string(), maxLength: z.number().int().positive().max(2000), next: target })
      .optional(),
    /** Text that matches no choice is refused (no free-text search). */
    strict: z.boolean().optional(),
  })
  .refine((ask) => ask.choices !== undefined || ask.choicesFrom !== undefined || ask.input !== undefined, {
    message: 'an ask needs choices, choicesFrom or input',
  });

export const nodeSchema = z
  .strictObject({
    set: expressions.optional(),
    say: z.union([textRefSchema, z.array(textRefSchema).min(1)]).optional(),
    show: z.strictObject({ template: id, from: z.string() }).optional(),
    cards: z.strictObject({ template: id, from: z.string(), buttons: z.array(choiceSchema).max(3) }).optional(),
    action: actionName.optional(),
    args: expressions.optional(),
    /** After an action: outcome → target; `default` for the rest. */
    on: z.record(z.string(), target).optional(),
    branch: z
      .array(z.strictObject({ if: z.string(), equals: expression.optional(), next: target }))
      .min(1)
      .optional(),
    ask: askSchema.optional(),
    next: target.optional(),
    /** Buttons of this node only count while it is the current one (confirmations). */
    stale: z.literal('reject').optional(),
  })
  .superRefine((node, context) => {
    const waits = [node.action, node.ask, node.branch].filter((part) => part !== undefined).length;
    if (waits > 1) context.addIssue({ code: 'custom', message: 'a node has at most one of action, ask and branch' });
    if (node.ask && !node.say && !node.show && !node.cards) {
      context.addIssue({ code: 'custom', message: 'a node that asks must say, show or card something first' });
    }
    if (node.on && !node.action) context.addIssue({ code: 'custom', message: '"on" only follows an action' });
    if (node.args && !node.action) context.addIssue({ code: 'custom', message: '"args" only go with an action' });
    if (node.action && !node.on && !node.next) {
      context.addIssue({ code: 'custom', message: 'an action needs "on" or "next" to say where to go after it' });
    }
  });

export const flowSchema = z.strictObject({
  id,
  description: z.string().optional(),
  start: id,
  nodes: z.record(id, nodeSchema),
});

export const settingsSchema = z.strictObject({
  /** Where a first contact, a /start and a share link land. */
  entry: z.strictObject({ start: target, menu: target }),
  /** Global words: command name → target; the words themselves are in the locales (`keywords.<name>`). */
  commands: z.record(id, target),
  /**
   * Phrases that are neither a choice nor a search ("salut", "merci"): name → target, the phrases
   * in the locales (`smalltalk.<name>`). Checked after the current choices (a button labelled
   * "Non merci" still picks its choice) and never on a strict question, which needs an answer.
   */
  smalltalk: z.record(id, target).default({}),
  /** Where text that matches nothing goes (free-text search); `query` holds the text. */
  fallback: z.strictObject({ text: target }),
  /** System-started conversations (reminders...): trigger name → target. */
  triggers: z.record(id, target).default({}),
});

export type TextRefSpec = z.infer<typeof textRefSchema>;
export type ChoiceSpec = z.infer<typeof choiceSchema>;
export type NodeSpec = z.infer<typeof nodeSchema>;
export type FlowSpec = z.infer<typeof flowSchema>;
export type SettingsSpec = z.infer<typeof settingsSchema>;
