/** The opportunity list: search by title, filter by status, pages. */
import { localise, OPPORTUNITY_STATUSES, type Opportunity, type OpportunityStatus } from '../../domain/model';
import { field, html, localTime, select, type Html, type Page } from './html';

export interface ListFilter {
  words: string;
  status?: OpportunityStatus;
  page: number;
  pages: number;
  total: number;
}

/** Search by title, a status, and pages: what a network with hundreds of opportunities needs. */
function listControls(page: Page, filter: ListFilter): Html {
  const { t } = page;
  const statuses = OPPORTUNITY_STATUSES.map((s): [string, string] => [s, t(`opportunities.status_${s}`)]);
  const link = (number: number) => {
    const params = new URLSearchParams({
      ...(filter.words ? { q: filter.words } : {}),
      ...(filter.status ? { status: filter.status } : {}),
      page: String(number),
    });
    return `/admin/opportunities?${params.toString()}`;
  };
  const previous =
    filter.page > 1 ? html`<a href="${link(filter.page - 1)}" rel="prev">${t('opportunities.previous')}</a>` : '';
  const next =
    filter.page < filter.pages
      ? html`<a href="${link(filter.page + 1)}" rel="next">${t('opportunities.next')}</a>`
      : '';
  return html`<form method="get" action="/admin/opportunities" class="filters" role="search">
${field({ name: 'q', label: t('opportunities.search'), type: 'search', value: filter.words })}
${select({
  name: 'status',
  label: t('opportunities.filter_status'),
  value: filter.status ?? '',
  any: t('opportunities.all_statuses'),
  choices: statuses,
})}
<p><button type="submit" class="secondary">${t('opportunities.filter')}</button></p></form>
<p class="pager" id="list-pager">${t('opportunities.found', { count: filter.total })} · ${[
    t('opportunities.page_of', { page: filter.page, pages: filter.pages }),
  ]} ${previous} ${next}</p>`;
}

export function opportunityList(page: Page, opportunities: Opportunity[], filter?: ListFilter): Html {
  const { t } = page;
  const card = (o: Opportunity) => {
    const base = `/admin/opportunities/${o.id}`;
    const when = o.startsAt ? html` · ${localTime(page, o.startsAt)}` : '';
    const badge = html`<span class="badge ${o.status}">${t(`opportunities.status_${o.status}`)}</span>`;
    return html`<li class="card"><h2><a href="${base}">${localise(o.title, page.locale) || o.id}</a></h2>
<p>${badge} ${t(`bot:kinds.${o.kind}`)} · ${t(`bot:regions.${o.region}`)}${when}</p>
<p class="actions"><a href="${base}/signups">${t('opportunities.signups')}</a> · ${[
      html`<a href="${base}/stats">${t('opportunities.stats')}</a></p></li>`,
    ]}`;
  };
  const list =
    opportunities.length === 0
      ? html`<p>${t('opportunities.empty')}</p>`
      : html`<ul class="cards">${opportunities.map(card)}</ul>`;
  return html`<p><a class="button" href="/admin/opportunities/new">${t('opportunities.new')}</a></p>
${filter ? listControls(page, filter) : ''}
${list}`;
}
