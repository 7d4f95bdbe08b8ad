/** The opportunity list: search by title; filters by status, kind, region and date; sort; pages. */
import { REGIONS } from '../../domain/catalogue';
import { localise, OPPORTUNITY_KINDS, OPPORTUNITY_STATUSES, type Opportunity } from '../../domain/model';
import { html, localTime, type Html, type Page } from './html';
import { listControls, matches, type ListFilter, type ListPage } from './list-controls';

export function opportunityFilters(page: Page): ListFilter[] {
  const { t } = page;
  const all = t('lists.all');
  return [
    { name: 'q', label: t('opportunities.search'), search: true },
    {
      name: 'status',
      label: t('lists.status'),
      any: all,
      choices: OPPORTUNITY_STATUSES.map((s) => [s, t(`opportunities.status_${s}`)]),
    },
    { name: 'kind', label: t('lists.kind'), any: all, choices: OPPORTUNITY_KINDS.map((k) => [k, t(`bot:kinds.${k}`)]) },
    { name: 'region', label: t('lists.region'), any: all, choices: REGIONS.map((r) => [r, t(`bot:regions.${r}`)]) },
    {
      name: 'when',
      label: t('lists.when'),
      any: all,
      choices: ['upcoming', 'past', 'undated'].map((w) => [w, t(`lists.when_${w}`)]),
    },
    {
      name: 'sort',
      label: t('lists.sort'),
      any: t('lists.sort_updated'),
      choices: ['soonest', 'latest'].map((s) => [s, t(`lists.sort_${s}`)]),
    },
  ];
}

/** The opportunities the filters keep, in the asked order (last changed first unless sorted by date). */
export function filterOpportunities(all: Opportunity[], values: Record<string, string>, now: Date): Opportunity[] {
  const today = now.toISOString();
  const kept = all.filter((o) => {
    if (values.status && o.status !== values.status) return false;
    if (values.kind && o.kind !== values.kind) return false;
    if (values.region && o.region !== values.region) return false;
    if (values.when === 'undated' && o.startsAt) return false;
    if (values.when === 'upcoming' && !((o.endsAt ?? o.startsAt ?? '') >= today)) return false;
    if (values.when === 'past' && !(o.startsAt && (o.endsAt ?? o.startsAt) < today)) return false;
    return matches(values.q, Object.values(o.title));
  });
  if (!values.sort) return kept;
  // Undated ones (ongoing missions) after the dated ones, whichever way.
  const direction = values.sort === 'latest' ? -1 : 1;
  return kept.sort((a, b) => {
    if (!a.startsAt || !b.startsAt) return (a.startsAt ? 0 : 1) - (b.startsAt ? 0 : 1);
    return direction * a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id);
  });
}

export function opportunityList(
  page: Page,
  list: ListPage<Opportunity>,
  values: Record<string, string>,
  taken: Map<string, number>,
): Html {
  const { t } = page;
  const card = (o: Opportunity) => {
    const base = `/admin/opportunities/${o.id}`;
    const when = o.startsAt ? html` · ${localTime(page, o.startsAt)}` : '';
    const badge = html`<span class="badge ${o.status}">${t(`opportunities.status_${o.status}`)}</span>`;
    const count = taken.get(o.id) ?? 0;
    const places = o.capacity
      ? t('opportunities.places_filled', { count, capacity: o.capacity })
      : t('opportunities.signed_up', { count });
    return html`<li class="card"><h2><a href="${base}">${localise(o.title, page.locale) || o.id}</a></h2>
<p>${badge} ${t(`bot:kinds.${o.kind}`)} · ${t(`bot:regions.${o.region}`)}${when}</p>
<p class="places">${places}</p>
<p class="actions"><a href="${base}/signups">${t('opportunities.signups')}</a> · ${[
      html`<a href="${base}/stats">${t('opportunities.stats')}</a></p></li>`,
    ]}`;
  };
  const cards =
    list.shown.length === 0
      ? html`<p>${t('opportunities.empty')}</p>`
      : html`<ul class="cards">${list.shown.map(card)}</ul>`;
  return html`<p><a class="button" href="/admin/opportunities/new">${t('opportunities.new')}</a></p>
${listControls(page, '/admin/opportunities', opportunityFilters(page), values, list)}
${cards}`;
}
