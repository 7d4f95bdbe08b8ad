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

export interface EngineOptions {
  flowsDir: string;
  localesDir: string;
  store: Store;
  defaultLocale: Locale;
  timezone: string;
  links: LinkBuilder;
  shareLink: ActionDeps['shareLink'];
  hooks?: EngineHooks;
  clock?: () => Date;
  newId: IdGenerator;
  logger: Logger;
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
    actions: new Set(Object.keys(ACTIONS)),
    templates: new Set([...Object.keys(CARD_TEMPLATES), ...Object.keys(SHOW_TEMPLATES)]),
  });
  return {
    flows,
    keywords: translator.keywords(Object.keys(flows.settings.commands)),
    labelVariants: (ref) => translator.labelVariants(ref),
  };
}

export function createEngine(options: EngineOptions): EngineRuntime {
  const translator = loadTranslator(path.resolve(options.localesDir), options.defaultLocale);
  const context = loadEngineContext(path.resolve(options.flowsDir), translator);
  const conversation = new Conversation({
    store: options.store,
    engine: context,
    translator,
    actions: ACTIONS,
    clock: options.clock ?? (() => new Date()),
    newId: options.newId,
    timezone: options.timezone,
    defaultLocale: options.defaultLocale,
    links: options.links,
    shareLink: options.shareLink,
    ...(options.hooks ? { hooks: options.hooks } : {}),
    logger: options.logger,
  });
  const notices = createNoticeComposer({ translator, timezone: options.timezone, links: options.links });
  return { conversation, notices, translator, flows: context.flows, context };
}
