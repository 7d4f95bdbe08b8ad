/** Assembles the engine from the flow and locale folders: validated at start-up, or not at all. */
import path from 'node:path';
import type { IdGenerator } from '../domain/ids';
import type { Locale } from '../domain/model';
import type { Store } from '../domain/ports';
import { ACTIONS, type ActionDeps, type EngineHooks } from './actions';
import { Conversation } from './conversation';
import type { Logger } from '../util/logger';
import { loadFlows, type FlowSet } from './flow-loader';
import { loadTranslator, type Translator } from './i18n';
import { createNoticeComposer } from './notices';
import type { NoticeComposer } from '../domain/notices';
import type { EngineContext } from './interpreter';
import { CARD_TEMPLATES, SHOW_TEMPLATES, type LinkBuilder } from './templates';

/** What the engine is made of: flows, texts, and where its links point. */
export interface EngineDefinition {
  flowsDir: string;
  localesDir: string;
  defaultLocale: Locale;
  timezone: string;
  links: LinkBuilder;
}

/** What conversations are wired to: the store, the channels' links, and the layers above (hooks). */
export interface ConversationWiring {
  store: Store;
  sharing: ActionDeps['sharing'];
  hooks?: EngineHooks;
  clock?: () => Date;
  newId: IdGenerator;
  logger: Logger;
}

export type EngineOptions = EngineDefinition & ConversationWiring;

/** The engine loaded and checked, before anything is wired to it: its texts can already be used. */
export interface LoadedEngine {
  notices: NoticeComposer;
  translator: Translator;
  flows: FlowSet;
  context: EngineContext;
  conversation(wiring: ConversationWiring): Conversation;
}

export interface EngineRuntime {
  conversation: Conversation;
  notices: NoticeComposer;
  translator: Translator;
  flows: FlowSet;
  context: EngineContext;
}

export function loadEngineContext(flowsDir: string, translator: Translator): EngineContext {
  const flows = loadFlows(flowsDir, {
    hasText: (key) => translator.hasText(key),
    actions: new Map(Object.entries(ACTIONS).map(([name, action]) => [name, action.outcomes])),
    templates: new Set([...Object.keys(CARD_TEMPLATES), ...Object.keys(SHOW_TEMPLATES)]),
  });
  return {
    flows,
    keywords: translator.keywords(Object.keys(flows.settings.commands)),
    smalltalk: translator.keywords(Object.keys(flows.settings.smalltalk), 'smalltalk'),
    labelVariants: (ref) => translator.labelVariants(ref),
  };
}

/** Loads flows and texts (and refuses them at start-up when they do not fit together). */
export function loadEngine(definition: EngineDefinition): LoadedEngine {
  const translator = loadTranslator(path.resolve(definition.localesDir), definition.defaultLocale);
  const context = loadEngineContext(path.resolve(definition.flowsDir), translator);
  const notices = createNoticeComposer({ translator, timezone: definition.timezone, links: definition.links });
  return {
    notices,
    translator,
    flows: context.flows,
    context,
    conversation: (wiring) =>
      new Conversation({
        store: wiring.store,
        engine: context,
        translator,
        actions: ACTIONS,
        clock: wiring.clock ?? (() => new Date()),
        newId: wiring.newId,
        timezone: definition.timezone,
        defaultLocale: definition.defaultLocale,
        links: definition.links,
        sharing: wiring.sharing,
        ...(wiring.hooks ? { hooks: wiring.hooks } : {}),
        logger: wiring.logger,
      }),
  };
}

/** Loads the engine and wires its conversations at once (tests, benchmarks). */
export function createEngine(options: EngineOptions): EngineRuntime {
  const loaded = loadEngine(options);
  const { notices, translator, flows, context } = loaded;
  return { conversation: loaded.conversation(options), notices, translator, flows, context };
}
