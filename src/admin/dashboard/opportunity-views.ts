/** Opportunity pages: the list, the form (with errors next to each field), the preview, sign-ups, statistics. */
import { REGIONS, THEMES } from '../../domain/catalogue';
import { localise, OPPORTUNITY_KINDS, type ChannelName, type Opportunity, type Signup } from '../../domain/model';
import type { FieldError } from '../errors';
import type { OpportunityStats } from '../features';
import { field, html, postButton, csrfField, select, type Html, type Page } from './html';

export function opportunityList(page: Page, opportunities: Opportunity[]): Html {
  const { t } = page;
  return html`<p><a class="button" href="/admin/opportunities/new">${t('opportunities.new')}</a></p>
${
  opportunities.length === 0
    ? html`<p>${t('opportunities.empty')}</p>`
    : html`<ul class="cards">${opportunities.map(
        (
          o,
        ) => html`<li class="card"><h2><a href="/admin/opportunities/${o.id}">${localise(o.title, page.locale) || o.id}</a></h2>
<p><span class="badge ${o.status}">${t(`opportunities.status_${o.status}`)}</span> ${t(`bot:kinds.${o.kind}`)} · ${t(`bot:regions.${o.region}`)}${o.startsAt ? html` · <time datetime="${o.startsAt}">${o.startsAt.slice(0, 16).replace('T', ' ')}</time>` : ''}</p>
<p class="actions"><a href="/admin/opportunities/${o.id}/signups">${t('opportunities.signups')}</a> · <a href="/admin/opportunities/${o.id}/stats">${t('opportunities.stats')}</a></p></li>`,
      )}</ul>`
}`;
}

/** Form values as the coordinator typed them (strings), so a refused form comes back as it was. */
export type FormValues = Record<string, string>;

export function valuesOf(opportunity: Opportunity | undefined): FormValues {
  if (!opportunity) return { kind: 'volunteering', region: '' };
  return {
    kind: opportunity.kind,
    'title.fr': opportunity.title.fr ?? '',
    'title.en': opportunity.title.en ?? '',
    'summary.fr': opportunity.summary.fr ?? '',
    'summary.en': opportunity.summary.en ?? '',
    'description.fr': opportunity.description.fr ?? '',
    'description.en': opportunity.description.en ?? '',
    region: opportunity.region,
    city: opportunity.city ?? '',
    address: opportunity.address ?? '',
    remote: opportunity.remote ? 'on' : '',
    startsAt: opportunity.startsAt?.slice(0, 16) ?? '',
    endsAt: opportunity.endsAt?.slice(0, 16) ?? '',
    capacity: opportunity.capacity?.toString() ?? '',
    minAge: opportunity.minAge?.toString() ?? '',
    mediaUrl: opportunity.mediaUrl ?? '',
    themes: opportunity.themes.join(','),
  };
}

export function opportunityForm(
  page: Page,
  action: string,
  values: FormValues,
  errors: FieldError[],
  organisations?: Array<[string, string]>,
): Html {
  const { t } = page;
  const error = (name: string) => {
    const found = errors.find((e) => e.field === name);
    return found ? t(`errors.${found.code}`) : undefined;
  };
  const text = (name: string, label: string, type = 'text', required = false) =>
    field({ name, label, value: values[name] ?? '', type, required, ...(error(name) ? { error: error(name)! } : {}) });
  const themes = new Set((values.themes ?? '').split(',').filter(Boolean));
  return html`${errors.length > 0 ? html`<p class="error-summary" role="alert">${t('opportunities.fix_errors')}</p>` : ''}
<form method="post" action="${action}" class="form" novalidate>${csrfField(page)}
${organisations ? select({ name: 'organisationId', label: t('organisation.organisation'), value: values.organisationId ?? '', choices: organisations, ...(error('organisationId') ? { error: error('organisationId')! } : {}) }) : ''}
${select({ name: 'kind', label: t('fields.kind'), value: values.kind ?? '', choices: OPPORTUNITY_KINDS.map((k) => [k, t(`bot:kinds.${k}`)]), ...(error('kind') ? { error: error('kind')! } : {}) })}
${text('title.fr', t('fields.title_fr'), 'text', true)}${text('title.en', t('fields.title_en'))}
${text('summary.fr', t('fields.summary_fr'), 'text', true)}${text('summary.en', t('fields.summary_en'))}
${text('description.fr', t('fields.description_fr'), 'textarea')}${text('description.en', t('fields.description_en'), 'textarea')}
${select({ name: 'region', label: t('fields.region'), value: values.region ?? '', any: '—', choices: REGIONS.map((r) => [r, t(`bot:regions.${r}`)]), ...(error('region') ? { error: error('region')! } : {}) })}
${text('city', t('fields.city'))}${text('address', t('fields.address'))}
<div class="field checkbox"><input type="checkbox" id="f-remote" name="remote"${values.remote ? html` checked` : ''}><label for="f-remote">${t('fields.remote')}</label></div>
<fieldset class="field"><legend>${t('fields.themes')}</legend>${THEMES.map(
    (theme) =>
      html`<label class="chip"><input type="checkbox" name="themes" value="${theme}"${themes.has(theme) ? html` checked` : ''}> ${t(`bot:themes.${theme}`)}</label>`,
  )}</fieldset>
${text('startsAt', t('fields.startsAt'), 'datetime-local')}${text('endsAt', t('fields.endsAt'), 'datetime-local')}
${text('capacity', t('fields.capacity'), 'number')}${text('minAge', t('fields.minAge'), 'number')}
${text('mediaUrl', t('fields.mediaUrl'), 'url')}
<p><button type="submit">${t('opportunities.save')}</button></p></form>`;
}

/** How the card looks on each platform, within each one's limits (Messenger cuts titles and subtitles at 80). */
export function preview(page: Page, opportunity: Opportunity): Html {
  const title = localise(opportunity.title, page.locale);
  const summary = localise(opportunity.summary, page.locale);
  const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
  const card = (channel: ChannelName, titleText: string, body: string) =>
    html`<figure class="preview ${channel}"><figcaption>${page.t(`channels.${channel}`)}</figcaption>
${opportunity.mediaUrl ? html`<img src="${opportunity.mediaUrl}" alt="">` : ''}<p class="preview-title">${titleText}</p><p>${body}</p></figure>`;
  return html`<section aria-labelledby="preview"><h2 id="preview">${page.t('opportunities.preview')}</h2><div class="previews">
${card('messenger', cut(title, 80), cut(summary, 80))}${card('telegram', title, cut(summary, 1024))}${card('web', title, summary)}</div></section>`;
}

export function opportunityActions(page: Page, opportunity: Opportunity, links: Record<ChannelName, string>): Html {
  const { t } = page;
  const base = `/admin/opportunities/${opportunity.id}`;
  return html`<p><span class="badge ${opportunity.status}">${t(`opportunities.status_${opportunity.status}`)}</span></p>
<p class="actions">${opportunity.status !== 'published' ? postButton(page, `${base}/status?to=published`, t('opportunities.publish'), 'primary') : postButton(page, `${base}/status?to=draft`, t('opportunities.unpublish'))}
${opportunity.status !== 'archived' ? postButton(page, `${base}/status?to=archived`, t('opportunities.archive')) : ''}
${postButton(page, `${base}/duplicate`, t('opportunities.duplicate'))}
<a href="${base}/signups">${t('opportunities.signups')}</a> · <a href="${base}/stats">${t('opportunities.stats')}</a></p>
<section aria-labelledby="links"><h2 id="links">${t('opportunities.links')}</h2><dl class="links">${(
    Object.entries(links) as Array<[ChannelName, string]>
  ).map(
    ([channel, url]) => html`<dt>${t(`channels.${channel}`)}</dt><dd><a href="${url}">${url}</a></dd>`,
  )}</dl></section>`;
}

export function signupList(page: Page, opportunity: Opportunity, signups: Signup[]): Html {
  const { t } = page;
  return html`<p><a class="button" href="/admin/opportunities/${opportunity.id}/signups.csv">${t('signups.csv')}</a></p>
${
  signups.length === 0
    ? html`<p>${t('signups.empty')}</p>`
    : html`<div class="table"><table><thead><tr><th scope="col">${t('signups.name')}</th><th scope="col">${t('signups.status')}</th><th scope="col">${t('signups.channel')}</th><th scope="col">${t('signups.date')}</th><th scope="col">${t('signups.attended')}</th></tr></thead><tbody>
${signups.map(
  (
    s,
  ) => html`<tr><td>${s.firstName ?? '—'}</td><td>${t(`signups.status_${s.status}`)}</td><td>${t(`channels.${s.channel}`)}</td><td>${s.createdAt.slice(0, 16).replace('T', ' ')}</td>
<td>${s.attended === undefined ? t('signups.unknown') : s.attended ? t('signups.came') : t('signups.missed')} ${s.status === 'confirmed' ? html`${postButton(page, `/admin/signups/${s.id}/attendance?attended=true`, t('signups.came'), 'link')} ${postButton(page, `/admin/signups/${s.id}/attendance?attended=false`, t('signups.missed'), 'link')}` : ''}</td></tr>`,
)}</tbody></table></div>`
}`;
}

type Stats = OpportunityStats;

/** Numbers first, then bars per day (meters: no script, no inline style, read as a table by screen readers). */
export function statsPage(page: Page, id: string, stats: Stats): Html {
  const { t } = page;
  const totals = stats.totals;
  const max = Math.max(1, ...stats.byDay.map((row) => row.details_opened + row.share_arrival + row.signup));
  const channels: ChannelName[] = ['telegram', 'messenger', 'web'];
  const rows = ['reached', 'details_opened', 'share_link_created', 'share_arrival', 'signup'] as const;
  return html`<p><a class="button" href="/admin/opportunities/${id}/stats.csv">${t('stats.csv')}</a></p>
<ul class="totals">${(
    ['reached', 'details_opened', 'shared', 'arrivals', 'signups', 'waitlisted', 'attended'] as const
  ).map(
    (key) =>
      html`<li><span class="number" data-total="${key}">${totals[key]}</span> <span>${t(`stats.${key}`)}</span></li>`,
  )}</ul>
<h2>${t('stats.by_channel')}</h2><div class="table"><table><thead><tr><th scope="col"></th>${channels.map((c) => html`<th scope="col">${t(`channels.${c}`)}</th>`)}</tr></thead><tbody>
${rows.map((row) => html`<tr><th scope="row">${t(`stats.${row === 'reached' ? 'reached' : row}`)}</th>${channels.map((c) => html`<td>${stats.byChannel[row][c]}</td>`)}</tr>`)}</tbody></table></div>
<h2>${t('stats.by_day')}</h2><div class="table"><table class="chart"><thead><tr><th scope="col">${t('stats.day')}</th><th scope="col">${t('stats.details_opened')}</th><th scope="col">${t('stats.share_arrival')}</th><th scope="col">${t('stats.signup')}</th></tr></thead><tbody>
${stats.byDay.map(
  (row) =>
    html`<tr><th scope="row">${row.day}</th>${(['details_opened', 'share_arrival', 'signup'] as const).map(
      (key) => html`<td><meter class="${key}" min="0" max="${max}" value="${row[key]}"></meter> ${row[key]}</td>`,
    )}</tr>`,
)}</tbody></table></div>
<h2>${t('stats.brought_by')}</h2><ol>${stats.broughtBy.map((b) => html`<li>${b.name ?? t('stats.anonymous')} : ${b.arrivals}</li>`)}</ol>`;
}
