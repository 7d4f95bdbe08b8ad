/** Broadcast, question, login and Telegram pages. */
import { REGIONS, THEMES } from '../../domain/catalogue';
import type { Broadcast } from '../../domain/admin';
import { CHANNELS, LOCALES, localise, OPPORTUNITY_KINDS, type Opportunity } from '../../domain/model';
import type { AudienceSize, BroadcastReport, QuestionView } from '../features';
import { csrfField, field, html, postButton, select, type Html, type Page } from './html';

type Report = BroadcastReport;
type Size = AudienceSize;

export function loginPage(page: Page, options: { email?: string; next?: string; error?: string }): Html {
  const { t } = page;
  return html`${options.error ? html`<p class="error-summary" role="alert">${options.error}</p>` : ''}
<form method="post" action="/admin/login" class="form narrow"><input type="hidden" name="next" value="${options.next ?? ''}">
${field({ name: 'email', label: t('login.email'), type: 'email', value: options.email ?? '', required: true, attributes: html` autocomplete="username"` })}
${field({ name: 'password', label: t('login.password'), type: 'password', required: true, attributes: html` autocomplete="current-password"` })}
<p><button type="submit">${t('login.submit')}</button></p></form><p><a href="/admin/setup">${t('login.setup_link')}</a></p>`;
}

export function setupPage(page: Page, error?: string): Html {
  const { t } = page;
  return html`<p>${t('setup.intro')}</p>${error ? html`<p class="error-summary" role="alert">${error}</p>` : ''}
<form method="post" action="/admin/setup" class="form narrow">
${field({ name: 'token', label: t('setup.token'), type: 'password', required: true })}
${field({ name: 'name', label: t('setup.name'), required: true })}
${field({ name: 'email', label: t('login.email'), type: 'email', required: true, attributes: html` autocomplete="username"` })}
${field({ name: 'password', label: t('login.password'), type: 'password', required: true, attributes: html` autocomplete="new-password" minlength="12"` })}
<p><button type="submit">${t('setup.submit')}</button></p></form>`;
}

export function broadcastsPage(
  page: Page,
  options: {
    broadcasts: Broadcast[];
    opportunities: Opportunity[];
    values: Record<string, string>;
    size?: Size;
    errors: Record<string, string>;
    organisations?: Array<[string, string]>;
  },
): Html {
  const { t } = page;
  const v = options.values;
  const audience = (name: string, choices: Array<[string, string]>) =>
    select({
      name: `audience.${name}`,
      label: t(`broadcasts.${name}`),
      value: v[`audience.${name}`] ?? '',
      any: t('broadcasts.any'),
      choices,
    });
  return html`<section aria-labelledby="compose"><h2 id="compose">${t('broadcasts.compose')}</h2>
<form method="post" action="/admin/broadcasts" class="form">${csrfField(page)}
${options.organisations ? select({ name: 'organisationId', label: t('organisation.organisation'), value: v.organisationId ?? '', choices: options.organisations }) : ''}
${field({ name: 'text', label: t('broadcasts.text'), type: 'textarea', value: v.text ?? '', required: true, ...(options.errors.text ? { error: options.errors.text } : {}) })}
${select({ name: 'opportunityId', label: t('broadcasts.opportunity'), value: v.opportunityId ?? '', any: t('broadcasts.none'), choices: options.opportunities.map((o) => [o.id, localise(o.title, page.locale)]) })}
${field({ name: 'mediaUrl', label: t('broadcasts.media'), type: 'url', value: v.mediaUrl ?? '', ...(options.errors.mediaUrl ? { error: options.errors.mediaUrl } : {}) })}
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
${options.size ? html`<p class="size" role="status" id="audience-size">${t('broadcasts.size', { active: options.size.active, total: options.size.total, stopped: options.size.excluded.stopped, unreachable: options.size.excluded.unreachable, window: options.size.messengerWindowOpen })}</p>` : ''}
${field({ name: 'sendAt', label: t('broadcasts.sendAt'), type: 'datetime-local', value: v.sendAt ?? '' })}
<p class="actions"><button type="submit" name="intent" value="count" class="secondary">${t('broadcasts.count')}</button>
<button type="submit" name="intent" value="test" class="secondary">${t('broadcasts.test')}</button>
<button type="submit" name="intent" value="send">${t('broadcasts.send')}</button></p></form></section>
<section aria-labelledby="list"><h2 id="list">${t('broadcasts.title')}</h2>
${options.broadcasts.length === 0 ? html`<p>${t('broadcasts.list_empty')}</p>` : html`<ul class="cards">${options.broadcasts.map((b) => html`<li class="card"><a href="/admin/broadcasts/${b.id}">${b.text.slice(0, 80)}</a> <span class="badge">${t(`broadcasts.status_${b.status}`)}</span> <time datetime="${b.sendAt}">${b.sendAt.slice(0, 16).replace('T', ' ')}</time></li>`)}</ul>`}</section>`;
}

export function broadcastPage(page: Page, report: Report): Html {
  const { t } = page;
  const { broadcast, progress } = report;
  const reason = (key: string) => t(`reasons.${key}`);
  return html`<p class="quote">${broadcast.text}</p><p><span class="badge" id="broadcast-status">${t(`broadcasts.status_${broadcast.status}`)}</span></p>
<h2>${t('broadcasts.progress')}</h2><p><progress id="broadcast-progress" max="${Math.max(1, progress.total)}" value="${progress.done}" data-report="/admin/broadcasts/${broadcast.id}/report.json"></progress> <span id="broadcast-count">${progress.done} / ${progress.total}</span></p>
${broadcast.status === 'sending' || broadcast.status === 'scheduled' ? postButton(page, `/admin/broadcasts/${broadcast.id}/cancel`, t('broadcasts.cancel')) : ''}
${report.outcome ? html`<h2>${t('broadcasts.outcome')}</h2><ul class="totals">${(['reached', 'details_opened', 'shared', 'arrivals', 'signups', 'attended'] as const).map((key) => html`<li><span class="number" data-outcome="${key}">${report.outcome![key]}</span> <span>${t(`stats.${key}`)}</span></li>`)}</ul>` : ''}
<h2>${t('broadcasts.results')}</h2><div class="table"><table id="broadcast-results"><thead><tr><th scope="col"></th><th scope="col">${t('broadcasts.sent')}</th><th scope="col">${t('broadcasts.delivered')}</th><th scope="col">${t('broadcasts.read')}</th><th scope="col">${t('broadcasts.skipped')}</th><th scope="col">${t('broadcasts.failed')}</th><th scope="col">${t('broadcasts.pending')}</th></tr></thead><tbody>
${CHANNELS.map((channel) => {
  const r = report.channels[channel];
  const skipped = Object.entries(r.skipped);
  return html`<tr><th scope="row">${t(`channels.${channel}`)}</th><td>${r.sent}</td><td>${r.delivered ?? t('broadcasts.not_reported')}</td><td>${r.read ?? t('broadcasts.not_reported')}</td>
<td>${skipped.length === 0 ? '0' : html`<ul class="reasons">${skipped.map(([key, count]) => html`<li>${count} ${reason(key)}</li>`)}</ul>`}</td><td>${r.failed}</td><td>${r.pending}</td></tr>`;
})}</tbody></table></div>`;
}

type Questions = QuestionView[];

export function questionsPage(page: Page, questions: Questions): Html {
  const { t } = page;
  if (questions.length === 0) return html`<p>${t('questions.empty')}</p>`;
  return html`<ul class="cards">${questions.map(
    (
      q,
    ) => html`<li class="card"><p class="quote">${q.text}</p><p class="meta">${t('questions.asked_by', { name: q.firstName ?? '—', channel: t(`channels.${q.channel}`) })} · <time datetime="${q.createdAt}">${q.createdAt.slice(0, 16).replace('T', ' ')}</time></p>
${
  q.status === 'answered'
    ? html`<p><span class="badge">${t('questions.answered')}</span> ${q.answer?.text ?? ''}</p>`
    : html`${q.reachable === 'closed' ? html`<p class="warning" role="note">${t('questions.closed')}</p>` : q.reachable === 'human_agent' ? html`<p class="note" role="note">${t('questions.human_agent')}</p>` : ''}
<form method="post" action="/admin/questions/${q.id}/answer" class="form">${csrfField(page)}${field({ name: 'text', label: t('questions.answer'), type: 'textarea', required: true })}<p><button type="submit"${q.reachable === 'closed' ? html` disabled` : ''}>${t('questions.send')}</button></p></form>`
}</li>`,
  )}</ul>`;
}

export function telegramPage(page: Page, link: string | undefined, linkedChat: string | undefined): Html {
  const { t } = page;
  return html`${linkedChat ? html`<p role="status">${t('telegram.linked', { chat: linkedChat })}</p>` : ''}<p>${t('telegram.intro')}</p>${link ? html`<p><a class="button" href="${link}">${link}</a></p>` : ''}`;
}
