/**
 * Opportunity pages: the list, the form (with errors next to each field), the preview, sign-ups,
 * statistics.
 */
import { REGIONS, THEMES } from '../../domain/catalogue';
import {
  CHANNELS,
  localise,
  OPPORTUNITY_KINDS,
  type ChannelName,
  type Opportunity,
  type Signup,
} from '../../domain/model';
import type { FieldError } from '../errors';
import type { ShareLinks } from '../features';
import { toLocalInput } from './forms';
import { field, html, localTime, localTimeText, postButton, csrfField, select, type Html, type Page } from './html';

/** Form values as the coordinator typed them (strings), so a refused form comes back as it was. */
export type FormValues = Record<string, string>;

/** `timezone`: dates are shown, and typed, as the bot's wall time. */
export function valuesOf(opportunity: Opportunity | undefined, timezone: string): FormValues {
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
    startsAt: toLocalInput(opportunity.startsAt, timezone),
    endsAt: toLocalInput(opportunity.endsAt, timezone),
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
  const choose = (name: string, label: string, choices: Array<[string, string]>, any?: string) =>
    select({
      name,
      label,
      value: values[name] ?? '',
      choices,
      ...(any !== undefined ? { any } : {}),
      ...(error(name) ? { error: error(name)! } : {}),
    });
  const summary =
    errors.length > 0 ? html`<p class="error-summary" role="alert">${t('opportunities.fix_errors')}</p>` : '';
  const organisation = organisations ? choose('organisationId', t('organisation.organisation'), organisations) : '';
  const kinds = OPPORTUNITY_KINDS.map((k): [string, string] => [k, t(`bot:kinds.${k}`)]);
  const regions = REGIONS.map((r): [string, string] => [r, t(`bot:regions.${r}`)]);
  const remote = html`<div class="field checkbox"><input type="checkbox" id="f-remote" name="remote"${
    values.remote ? html` checked` : ''
  }><label for="f-remote">${t('fields.remote')}</label></div>`;
  const theme = (name: string) =>
    html`<label class="chip"><input type="checkbox" name="themes" value="${name}"${
      themes.has(name) ? html` checked` : ''
    }> ${t(`bot:themes.${name}`)}</label>`;
  return html`${summary}
<form method="post" action="${action}" class="form" novalidate>${csrfField(page)}
${organisation}
${choose('kind', t('fields.kind'), kinds)}
${text('title.fr', t('fields.title_fr'), 'text', true)}${text('title.en', t('fields.title_en'))}
${text('summary.fr', t('fields.summary_fr'), 'text', true)}${text('summary.en', t('fields.summary_en'))}
${text('description.fr', t('fields.description_fr'), 'textarea')}${[
    text('description.en', t('fields.description_en'), 'textarea'),
  ]}
${choose('region', t('fields.region'), regions, '—')}
${text('city', t('fields.city'))}${text('address', t('fields.address'))}
${remote}
<fieldset class="field"><legend>${t('fields.themes')}</legend>${THEMES.map(theme)}</fieldset>
${text('startsAt', t('fields.startsAt'), 'datetime-local')}${text('endsAt', t('fields.endsAt'), 'datetime-local')}
${text('capacity', t('fields.capacity'), 'number')}${text('minAge', t('fields.minAge'), 'number')}
${text('mediaUrl', t('fields.mediaUrl'), 'url')}
<p><button type="submit">${t('opportunities.save')}</button></p></form>`;
}

/**
 * How the card looks on each platform, within each one's limits
 * (Messenger cuts titles and subtitles at 80).
 */
export function preview(page: Page, opportunity: Opportunity): Html {
  const title = localise(opportunity.title, page.locale);
  const summary = localise(opportunity.summary, page.locale);
  const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
  const card = (channel: ChannelName, titleText: string, body: string) =>
    html`<figure class="preview ${channel}"><figcaption>${page.t(`channels.${channel}`)}</figcaption>
${opportunity.mediaUrl ? html`<img src="${opportunity.mediaUrl}" alt="">` : ''}${[
      html`<p class="preview-title">${titleText}</p><p>${body}</p></figure>`,
    ]}`;
  const cards = [
    card('messenger', cut(title, 80), cut(summary, 80)),
    card('telegram', title, cut(summary, 1024)),
    card('web', title, summary),
  ];
  return html`<section aria-labelledby="preview"><h2 id="preview">${page.t('opportunities.preview')}</h2>${[
    html`<div class="previews">
${cards}</div></section>`,
  ]}`;
}

export function opportunityActions(page: Page, opportunity: Opportunity, links: ShareLinks): Html {
  const { t } = page;
  const base = `/admin/opportunities/${opportunity.id}`;
  // Unpublishing and archiving first say what they will do, on a page of their own.
  const publish =
    opportunity.status !== 'published'
      ? postButton(page, `${base}/status?to=published`, t('opportunities.publish'), 'primary')
      : html`<a class="button secondary" href="${base}/status?to=draft">${t('opportunities.unpublish')}</a>`;
  const archive =
    opportunity.status !== 'archived'
      ? html`<a class="button secondary" href="${base}/status?to=archived">${t('opportunities.archive')}</a>`
      : '';
  return html`<p><span class="badge ${opportunity.status}">${t(`opportunities.status_${opportunity.status}`)}</span></p>
<p class="actions">${publish}
${archive}
${postButton(page, `${base}/duplicate`, t('opportunities.duplicate'))}
<a href="${base}/signups">${t('opportunities.signups')}</a> · ${[
    html`<a href="${base}/stats">${t('opportunities.stats')}</a></p>`,
  ]}
<section aria-labelledby="links"><h2 id="links">${t('opportunities.links')}</h2><dl class="links">
<dt>${t('opportunities.public_page')}</dt><dd><a href="${links.page}">${links.page}</a></dd>${CHANNELS.filter(
    (channel) => links[channel] !== undefined,
  ).map(
    (channel) => html`<dt>${t(`channels.${channel}`)}</dt><dd><a href="${links[channel]}">${links[channel]}</a></dd>`,
  )}</dl></section>`;
}

/** "Archive X? The 12 people signed up will be told…": what a status change does, before it does it. */
export function statusConfirmation(
  page: Page,
  opportunity: Opportunity,
  to: 'draft' | 'archived',
  count: number,
): Html {
  const { t } = page;
  const base = `/admin/opportunities/${opportunity.id}`;
  const title = localise(opportunity.title, page.locale) || opportunity.id;
  return html`<p>${t(`opportunities.confirm_${to}`, { title, count })}</p>
<p class="actions">${postButton(page, `${base}/status?to=${to}`, t(`opportunities.confirm_${to}_button`), 'primary')}
<a href="${base}">${t('opportunities.keep_as_is')}</a></p>`;
}

export function signupList(page: Page, opportunity: Opportunity, signups: Signup[], controls: Html): Html {
  const { t } = page;
  const headings = ['name', 'age', 'parent', 'status', 'channel', 'date', 'attended'].map(
    (key) => html`<th scope="col">${t(`signups.${key}`)}</th>`,
  );
  const row = (s: Signup) => {
    const attendance = `/admin/signups/${s.id}/attendance`;
    const said = s.attended === undefined ? t('signups.unknown') : s.attended ? t('signups.came') : t('signups.missed');
    const buttons =
      s.status === 'confirmed'
        ? html`${postButton(page, `${attendance}?attended=true`, t('signups.came'), 'link')} ${[
            postButton(page, `${attendance}?attended=false`, t('signups.missed'), 'link'),
          ]}`
        : '';
    const age = s.ageBracket ? t(`signups.age_${s.ageBracket}`) : '—';
    const parent = s.parentConsent
      ? t('signups.parent_given', {
          date: localTimeText(page, s.parentConsent.at),
          channel: t(`channels.${s.parentConsent.channel}`),
        })
      : '—';
    return html`<tr><td>${s.firstName ?? '—'}</td><td>${age}</td><td>${parent}</td>${[
      html`<td>${t(`signups.status_${s.status}`)}</td>`,
    ]}${[html`<td>${t(`channels.${s.channel}`)}</td><td>${localTime(page, s.createdAt)}</td>`]}
<td>${said} ${buttons}</td></tr>`;
  };
  const table =
    signups.length === 0
      ? html`<p>${t('signups.empty')}</p>`
      : html`<div class="table"><table><thead><tr>${headings}</tr></thead><tbody>
${signups.map(row)}</tbody></table></div>`;
  return html`<p><a class="button" href="/admin/opportunities/${opportunity.id}/signups.csv">${t('signups.csv')}</a></p>
${controls}${table}`;
}
