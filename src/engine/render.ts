/** Turns the interpreter's message templates into translated, neutral outbound messages. */
import { CARD_TEMPLATES, SHOW_TEMPLATES, type RenderContext } from './templates';
import type { Choice, ChoiceTemplate, MessageTemplate, OutboundMessage, TextRef } from './types';

export function renderMessage(template: MessageTemplate, context: RenderContext): OutboundMessage[] {
  const text = (ref: TextRef) => context.translator.t(context.locale, ref.key, ref.params);
  const choices = (list: ChoiceTemplate[] | undefined): Choice[] | undefined =>
    list && list.length > 0
      ? list.map((choice) => ({ label: text(choice.label), payload: choice.payload }))
      : undefined;
  const withChoices = <T extends object>(message: T, list: Choice[] | undefined): T =>
    list ? { ...message, choices: list } : message;

  switch (template.kind) {
    case 'text':
      return [withChoices({ kind: 'text', text: text(template.text) }, choices(template.choices))];
    case 'cards': {
      const render = CARD_TEMPLATES[template.template];
      const cards = template.items.map((item, i) => ({
        ...render(item, context),
        buttons: choices(template.buttons[i]) ?? [],
      }));
      return [withChoices({ kind: 'cards', cards }, choices(template.choices))];
    }
    case 'show': {
      const messages = SHOW_TEMPLATES[template.template](template.data, context);
      const extra = choices(template.choices);
      const last = messages[messages.length - 1];
      const takesChoices = last?.kind === 'text' || last?.kind === 'cards';
      if (extra && takesChoices) last.choices = [...(last.choices ?? []), ...extra];
      return messages;
    }
  }
}
