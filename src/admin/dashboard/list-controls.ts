/**
 * What every dashboard list shares: a search box and filters in the address (so a filtered page can
 * be bookmarked or shared with a colleague), pages of 50, and a line saying how many were found.
 */
import type { Request } from 'express';
import { foldText } from '../../domain/text';
import { field, html, select, type Html, type Page } from './html';

export const LIST_PAGE = 50;

/** A filter of a list: a search box, or a choice among values (the first "any" when not chosen). */
export type ListFilter =
  | { name: string; label: string; search: true }
  | { name: string; label: string; any: string; choices: Array<[string, string]> };

export interface ListPage<T> {
  shown: T[];
  page: number;
  pages: number;
  total: number;
}

/** The filters' values as asked in the query string: known choices only, searches trimmed. */
export function listQuery(request: Request, filters: ListFilter[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const filter of filters) {
    const raw = request.query[filter.name];
    if (typeof raw !== 'string') continue;
    const value = raw.trim().slice(0, 100);
    if ('search' in filter ? value : filter.choices.some(([choice]) => choice === value)) values[filter.name] = value;
  }
  return values;
}

/** Whether any of `texts` contains the searched words, accents and case aside. */
export function matches(words: string | undefined, texts: Array<string | undefined>): boolean {
  const folded = foldText(words ?? '');
  return !folded || texts.some((text) => text !== undefined && foldText(text).includes(folded));
}

/** The asked page of `items` (the last one when asked beyond it). */
export function pageOf<T>(request: Request, items: T[]): ListPage<T> {
  const pages = Math.max(1, Math.ceil(items.length / LIST_PAGE));
  const asked = typeof request.query.page === 'string' ? Number.parseInt(request.query.page, 10) : 1;
  const page = Math.min(pages, Math.max(1, asked || 1));
  return { shown: items.slice((page - 1) * LIST_PAGE, page * LIST_PAGE), page, pages, total: items.length };
}

/** The filter form and the pager above a list at `path`. */
export function listControls(
  page: Page,
  path: string,
  filters: ListFilter[],
  values: Record<string, string>,
  state: Omit<ListPage<unknown>, 'shown'>,
): Html {
  const { t } = page;
  const link = (number: number) => `${path}?${new URLSearchParams({ ...values, page: String(number) }).toString()}`;
  const previous = state.page > 1 ? html`<a href="${link(state.page - 1)}" rel="prev">${t('lists.previous')}</a>` : '';
  const next =
    state.page < state.pages ? html`<a href="${link(state.page + 1)}" rel="next">${t('lists.next')}</a>` : '';
  const inputs = filters.map((filter) =>
    'search' in filter
      ? field({
          name: filter.name,
          form: 'list',
          label: filter.label,
          type: 'search',
          value: values[filter.name] ?? '',
        })
      : select({ ...filter, form: 'list', value: values[filter.name] ?? '' }),
  );
  return html`<form method="get" action="${path}" class="filters" role="search">
${inputs}
<p><button type="submit" class="secondary">${t('lists.filter')}</button></p></form>
<p class="pager" id="list-pager">${t('lists.found', { count: state.total })} · ${[
    t('lists.page_of', { page: state.page, pages: state.pages }),
  ]} ${previous} ${next}</p>`;
}
