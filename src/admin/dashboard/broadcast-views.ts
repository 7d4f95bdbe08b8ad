/** Broadcast pages: writing one (with its audience's size), the list, and one broadcast's report. */
import type { Broadcast, ChannelReport } from '../../domain/admin';
import { REGIONS, THEMES } from '../../domain/catalogue';
import { CHANNELS, LOCALES, localise, OPPORTUNITY_KINDS, type ChannelName, type Opportunity } from '../../domain/model';
import type { AudienceSize, BroadcastReport } from '../features';
import { csrfField, field, html, localTime, postButton, select, type Html, type Page } from './html';

export interface ComposeOptions {
  opportunities: Opportunity[];
  values: Record<string, string>;
  size?: AudienceSize;
  errors: Record<string, string>;
  organisations?: Array<[string, string]>;
}

export interface BroadcastsPageOptions extends ComposeOptions {
  broadcasts: Broadcast[];
  /** The list's search, filter and pager. */
  controls: Html;
}

/** The form to write a broadcast (to `action`: a new one's, or a scheduled one's to change it). */
function composeForm(page: Page, options: ComposeOptions, action = '/admin/broadcasts'): Html {
  const { t } = page;
  const v = options.values;
  const errorOf = (name: string) => (options.errors[name] ? { error: options.errors[name] } : {});
  const audience = (name: string, choices: Array<[string, string]>) =>
    select({
      name: `audience.${name}`,
      label: t(`broadcasts.${name}`),
      value: v[`audience.${name}`] ?? '',
      any: t('broadcasts.any'),
      choices,
    });
  const organisation = options.organisations
    ? select({
        name: 'organisationId',
        label: t('organisation.organisation'),
        value: v.organisationId ?? '',
        choices: options.organisations,
      })
    : '';
  const text = html`${field({
    name: 'text.fr',
    label: t('broadcasts.text_fr'),
    type: 'textarea',
    value: v['text.fr'] ?? '',
    required: true,
    ...errorOf('text.fr'),
  })}${field({
    name: 'text.en',
    label: t('broadcasts.text_en'),
    type: 'textarea',
    value: v['text.en'] ?? '',
    ...errorOf('text.en'),
  })}`;
  const opportunity = select({
    name: 'opportunityId',
    label: t('broadcasts.opportunity'),
    value: v.opportunityId ?? '',
    any: t('broadcasts.none'),
    choices: options.opportunities.map((o) => [o.id, localise(o.title, page.locale)]),
  });
  const media = field({
    name: 'mediaUrl',
    label: t('broadcasts.media'),
    type: 'url',
    value: v.mediaUrl ?? '',
    ...errorOf('mediaUrl'),
  });
  const size = options.size;
  const sizeLine = size
    ? html`<p class="size" role="status" id="audience-size">${t('broadcasts.size', {
        active: size.active,
        total: size.total,
        stopped: size.excluded.stopped,
        unreachable: size.excluded.unreachable,
        window: size.messengerWindowOpen,
      })}</p>${unrelated(page, size)}`
    : '';
  const sendAt = field({
    name: 'sendAt',
    label: t('broadcasts.sendAt'),
    type: 'datetime-local',
    value: v.sendAt ?? '',
  });
  const intent = (name: string, className: string) =>
    html`<button type="submit" name="intent" value="${name}"${className ? html` class="${className}"` : ''}>${[
      t(`broadcasts.${name}`),
    ]}</button>`;
  return html`<form method="post" action="${action}" class="form">${csrfField(page)}
${organisation}
${text}
${opportunity}
${media}
<fieldset><legend>${t('broadcasts.audience')}</legend>
${audience(
  'region',
  REGIONS.map((r) => [r, t(`bot:regions.${r}`)]),
)}${audience(
    'theme',
    THEMES.map((x) => [x, t(`bot:themes.${x}`)]),
  )}
${audience(
  'kind',
  OPPORTUNITY_KINDS.map((k) => [k, t(`bot:kinds.${k}`)]),
)}${audience(
    'locale',
    LOCALES.map((l) => [l, t(`bot:languages.${l}`)]),
  )}
${audience(
  'channel',
  CHANNELS.map((c) => [c, t(`channels.${c}`)]),
)}${audience('history', [
    ['signed_up', t('broadcasts.history_signed_up')],
    ['never', t('broadcasts.history_never')],
  ])}
</fieldset>
${sizeLine}
${sendAt}
<p class="actions">${intent('count', 'secondary')}
${intent('test', 'secondary')}
${intent('review', '')}</p></form>`;
}

/** A scheduled broadcast's words, audience and time, to change before it goes. */
export function editBroadcastPage(page: Page, broadcast: Broadcast, options: ComposeOptions): Html {
  const back = html`<p><a href="/admin/broadcasts/${broadcast.id}">${page.t('broadcasts.back')}</a></p>`;
  return html`${back}${composeForm(page, options, `/admin/broadcasts/${broadcast.id}`)}`;
}

/**
 * What will go, to whom, and when, before it goes: the words in each language, the audience per
 * channel, who is left out and why, and a button that names the number of people.
 */
/** A coordinator's broadcast leaves out the network's people who have no link with the association. */
function unrelated(page: Page, size: AudienceSize): Html | string {
  return size.excluded.unrelated > 0
    ? html`<p id="audience-unrelated">${page.t('broadcasts.unrelated', { count: size.excluded.unrelated })}</p>`
    : '';
}

export function broadcastReview(
  page: Page,
  review: { action: string; values: Record<string, string>; size: AudienceSize; sendAt: string | undefined },
): Html {
  const { t } = page;
  const { values, size, sendAt } = review;
  const carried = Object.entries(values).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`,
  );
  const english = values['text.en']
    ? html`<h2>${t('broadcasts.review_text_en')}</h2><p class="quote" lang="en">${values['text.en']}</p>`
    : html`<p>${t('broadcasts.review_french_only')}</p>`;
  const channels = CHANNELS.map((channel) => html`<li>${t(`channels.${channel}`)} : ${size.byChannel[channel]}</li>`);
  const when = sendAt ? html`${t('broadcasts.review_at')} ${localTime(page, sendAt)}` : t('broadcasts.review_now');
  const reachable = { count: size.byChannel.messenger, open: size.messengerWindowOpen };
  const messenger = size.byChannel.messenger > 0 ? html`<p>${t('broadcasts.review_messenger', reachable)}</p>` : '';
  return html`<h2>${t('broadcasts.text_fr')}</h2><p class="quote">${values['text.fr'] ?? ''}</p>
${english}
<h2>${t('broadcasts.audience')}</h2>
<p id="review-audience">${t('broadcasts.review_audience', { count: size.active })}</p>
<ul>${channels}</ul>
<p>${t('broadcasts.review_excluded', { stopped: size.excluded.stopped, unreachable: size.excluded.unreachable })}</p>
${unrelated(page, size)}
${messenger}
<p><strong>${when}</strong></p>
<form method="post" action="${review.action}" class="form">${csrfField(page)}${carried}
<p class="actions"><button type="submit" name="intent" value="send">${t('broadcasts.confirm_send', {
    count: size.active,
  })}</button>
<button type="submit" name="intent" value="edit" class="secondary">${t('broadcasts.edit')}</button></p></form>`;
}

export function broadcastsPage(page: Page, options: BroadcastsPageOptions): Html {
  const { t } = page;
  const item = (b: Broadcast) =>
    html`<li class="card"><a href="/admin/broadcasts/${b.id}">${b.text.slice(0, 80)}</a> ${[
      html`<span class="badge">${t(`broadcasts.status_${b.status}`)}</span> `,
      html`${localTime(page, b.sendAt)}</li>`,
    ]}`;
  const list =
    options.broadcasts.length === 0
      ? html`<p>${t('broadcasts.list_empty')}</p>`
      : html`<ul class="cards">${options.broadcasts.map(item)}</ul>`;
  const compose = html`<section aria-labelledby="compose"><h2 id="compose">${t('broadcasts.compose')}</h2>
${composeForm(page, options)}</section>`;
  return html`${compose}
<section aria-labelledby="list"><h2 id="list">${t('broadcasts.title')}</h2>
${options.controls}${list}</section>`;
}

function resultsTable(page: Page, channels: Record<ChannelName, ChannelReport>): Html {
  const { t } = page;
  const columns = ['sent', 'delivered', 'read', 'skipped', 'failed', 'pending'];
  const headings = columns.map((key) => html`<th scope="col">${t(`broadcasts.${key}`)}</th>`);
  const row = (channel: ChannelName) => {
    const r = channels[channel];
    const skipped = Object.entries(r.skipped);
    const reasons =
      skipped.length === 0
        ? '0'
        : html`<ul class="reasons">${skipped.map(
            ([key, count]) => html`<li>${count} ${t(`reasons.${key}`)}</li>`,
          )}</ul>`;
    return html`<tr><th scope="row">${t(`channels.${channel}`)}</th><td>${r.sent}</td>${[
      html`<td>${r.delivered ?? t('broadcasts.not_reported')}</td><td>${r.read ?? t('broadcasts.not_reported')}</td>`,
    ]}
<td>${reasons}</td><td>${r.failed}</td><td>${r.pending}</td></tr>`;
  };
  return html`<h2>${t('broadcasts.results')}</h2><div class="table"><table id="broadcast-results">
<thead><tr><th scope="col"></th>${headings}</tr></thead><tbody>
${CHANNELS.map(row)}</tbody></table></div>`;
}

export function broadcastPage(page: Page, report: BroadcastReport): Html {
  const { t } = page;
  const { broadcast, progress, outcome } = report;
  const base = `/admin/broadcasts/${broadcast.id}`;
  const status = html`<span class="badge" id="broadcast-status">${t(`broadcasts.status_${broadcast.status}`)}</span>`;
  const bar = html`<progress id="broadcast-progress" max="${Math.max(1, progress.total)}" value="${progress.done}"
data-report="${base}/report.json"></progress>`;
  const open = broadcast.status === 'sending' || broadcast.status === 'scheduled';
  const outcomeKeys = ['reached', 'details_opened', 'shared', 'arrivals', 'signups', 'attended'] as const;
  const outcomeList = outcome
    ? html`<h2>${t('broadcasts.outcome')}</h2><ul class="totals">${outcomeKeys.map(
        (key) =>
          html`<li><span class="number" data-outcome="${key}">${outcome[key]}</span> ${[
            html`<span>${t(`stats.${key}`)}</span></li>`,
          ]}`,
      )}</ul>`
    : '';
  const english = broadcast.textEn ? html`<p class="quote" lang="en">${broadcast.textEn}</p>` : '';
  // Who it is for and when it goes, also while it waits for its time.
  const filters = Object.entries(broadcast.audience).filter(([, value]) => value !== undefined);
  const label = (name: string, value: string): string => {
    if (name === 'region') return t(`bot:regions.${value}`);
    if (name === 'theme') return t(`bot:themes.${value}`);
    if (name === 'kind') return t(`bot:kinds.${value}`);
    if (name === 'locale') return t(`bot:languages.${value}`);
    if (name === 'channel') return t(`channels.${value}`);
    return t(`broadcasts.history_${value}`);
  };
  const audience =
    filters.length === 0
      ? html`<p>${t('broadcasts.audience_everyone')}</p>`
      : html`<dl class="audience">${filters.map(
          ([name, value]) => html`<dt>${t(`broadcasts.${name}`)}</dt><dd>${label(name, String(value))}</dd>`,
        )}</dl>`;
  const when = html`<p>${t(broadcast.status === 'scheduled' ? 'broadcasts.goes_at' : 'broadcasts.went_at')} ${[
    localTime(page, broadcast.sendAt),
  ]}</p>`;
  const editLink =
    broadcast.status === 'scheduled'
      ? html`<p><a class="button" href="${base}/edit">${t('broadcasts.edit_scheduled')}</a></p>`
      : '';
  return html`<p class="quote">${broadcast.text}</p>${english}<p>${status}</p>${when}
<h2>${t('broadcasts.audience')}</h2>${audience}
<h2>${t('broadcasts.progress')}</h2><p>${bar} <span id="broadcast-count">${progress.done} / ${progress.total}</span></p>
${editLink}
${open ? postButton(page, `${base}/cancel`, t('broadcasts.cancel')) : ''}
${outcomeList}
${resultsTable(page, report.channels)}`;
}
