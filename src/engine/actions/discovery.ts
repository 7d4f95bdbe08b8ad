/** Finding opportunities: the choices of the discovery flow, the search, the details, sharing. */
import { isOpportunityKind } from '../../domain/model';
import type { OpportunityQuery } from '../../domain/ports';
import { regionInText } from '../../domain/catalogue';
import { extractDateWindow } from '../../domain/date-phrases';
import { correctQuery } from '../spelling';
import { searchTerms } from '../../domain/text';
import { asJson, type ListItem } from '../views';
import {
  integer,
  isAvailable,
  opportunityView,
  text,
  type ActionDeps,
  type ActionHandler,
  type TurnState,
} from './context';
import { searchVocabulary } from './search-vocabulary';

/** Cards per page: a phone screen's worth, and under every platform's carousel limit. */
export const PAGE_SIZE = 5;

function baseQuery(args: Parameters<ActionHandler>[0], now: Date): OpportunityQuery {
  const kind = text(args.kind);
  const region = text(args.region);
  const theme = text(args.theme);
  const organisationId = text(args.organisation);
  return {
    status: 'published',
    ...(organisationId !== undefined ? { organisationId } : {}),
    notEndedBefore: now.toISOString(),
    ...(isOpportunityKind(kind) ? { kind } : {}),
    ...(region !== undefined ? { region } : {}),
    ...(args.remote === true ? { remote: true } : {}),
    ...(theme !== undefined ? { theme } : {}),
  };
}

const listItems = (values: string[], prefix: string): ListItem[] =>
  values.map((value) => ({ value, label: { key: `${prefix}.${value}` } }));

export const listRegions: ActionHandler<'ok' | 'none'> = async (args, turn, deps) => {
  const regions = await deps.store.opportunities.distinct('region', baseQuery({ kind: args.kind }, turn.now));
  return regions.length === 0
    ? { outcome: 'none' }
    : { outcome: 'ok', vars: { _regions: asJson(listItems(regions, 'regions')) } };
};

/** `single` when there is only one theme: asking would be a question with one answer. */
export const listThemes: ActionHandler<'ok' | 'none' | 'single'> = async (args, turn, deps) => {
  const themes = await deps.store.opportunities.distinct('themes', baseQuery(args, turn.now));
  if (themes.length === 0) return { outcome: 'none' };
  if (themes.length === 1) return { outcome: 'single' };
  return { outcome: 'ok', vars: { _themes: asJson(listItems(themes, 'themes')) } };
};

/**
 * What a typed search asks for: its date phrase as a window on the start ("ce week-end"), the
 * region it names in either language ("Bretagne", "Brittany") as a filter, its other words with
 * typos corrected. `no_terms` when it says nothing searchable ("le", "???").
 */
async function understand(
  typed: string | undefined,
  turn: TurnState,
  deps: ActionDeps,
): Promise<Pick<OpportunityQuery, 'text' | 'startsFrom' | 'startsBefore' | 'region'> | 'no_terms'> {
  if (typed === undefined) return {};
  const dated = extractDateWindow(typed, turn.now, deps.timezone);
  const placed = regionInText(dated ? dated.rest : typed);
  const words = placed ? placed.rest : dated ? dated.rest : typed;
  const filters = {
    ...(dated ? { startsFrom: dated.window.from.toISOString(), startsBefore: dated.window.before.toISOString() } : {}),
    ...(placed ? { region: placed.region } : {}),
  };
  if (searchTerms(words).length === 0) return dated || placed ? filters : 'no_terms';
  const { text: corrected } = correctQuery(words, await searchVocabulary(deps.store.opportunities, turn.now));
  return { ...filters, text: corrected };
}

export const searchOpportunities: ActionHandler<'found' | 'no_terms' | 'no_match' | 'empty' | 'end'> = async (
  args,
  turn,
  deps,
) => {
  const query = text(args.query);
  const understood = await understand(query, turn, deps);
  if (understood === 'no_terms') return { outcome: 'no_terms' };
  const offset = integer(args.offset, 0);
  const page = await deps.store.opportunities.search({
    ...baseQuery(args, turn.now),
    ...understood,
    offset,
    limit: PAGE_SIZE,
  });
  if (page.items.length === 0) return { outcome: offset > 0 ? 'end' : query !== undefined ? 'no_match' : 'empty' };
  const bracket = turn.contact.ageBracket;
  const items = await Promise.all(page.items.map((opportunity) => opportunityView(opportunity, deps, bracket)));
  const nextOffset = offset + page.items.length;
  return {
    outcome: 'found',
    vars: {
      _results: asJson({
        items,
        total: page.total,
        hasMore: nextOffset < page.total,
        nextOffset,
        from: offset + 1,
        to: nextOffset,
        // i18next's context: later pages say "more: 6 to 10 of 12" rather than "I found 12" again.
        context: offset > 0 ? 'next' : '',
      }),
    },
  };
};

export const getOpportunity: ActionHandler<'ok' | 'not_found'> = async (args, turn, deps) => {
  const id = text(args.opportunityId);
  const opportunity = id === undefined ? undefined : await deps.store.opportunities.get(id);
  if (!isAvailable(opportunity, turn.now)) return { outcome: 'not_found' };
  await deps.store.metrics.record({
    id: deps.newId(),
    type: 'details_opened',
    opportunityId: opportunity.id,
    contactId: turn.contact.id,
    channel: turn.channel,
    at: turn.now.toISOString(),
  });
  return {
    outcome: 'ok',
    vars: {
      _opportunity: asJson(
        await opportunityView(opportunity, deps, turn.contact.ageBracket, turn.contact.follows ?? []),
      ),
    },
  };
};

export const shareOpportunity: ActionHandler<'ok' | 'not_found'> = async (args, turn, deps) => {
  const id = text(args.opportunityId);
  const opportunity = id === undefined ? undefined : await deps.store.opportunities.get(id);
  if (!isAvailable(opportunity, turn.now)) return { outcome: 'not_found' };
  const url = deps.sharing.link({ opportunityId: opportunity.id, sharedBy: turn.contact.id, channel: turn.channel });
  await deps.store.metrics.record({
    id: deps.newId(),
    type: 'share_link_created',
    opportunityId: opportunity.id,
    contactId: turn.contact.id,
    channel: turn.channel,
    at: turn.now.toISOString(),
  });
  return { outcome: 'ok', vars: { _share: asJson({ url, title: opportunity.title }) } };
};
