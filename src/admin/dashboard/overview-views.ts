/** An association's overview: totals over 30 or 90 days and a chart of sign-ups and shares per day, drawn here. */
import type { AssociationOverview } from '../features';
import { OVERVIEW_PERIODS } from '../features';
import { CHANNELS } from '../../domain/model';
import { funnelFigure } from './funnel-views';
import { html, select, type Html, type Page } from './html';

const SHARE_ROWS = [
  ['shares', 'stats.shared'],
  ['pageViews', 'stats.page_views'],
  ['arrivals', 'stats.arrivals'],
  ['signups', 'stats.signups_from_links'],
] as const;
const WIDTH = 720;
const HEIGHT = 200;
const PAD = 24;

/** Sign-ups as bars, shares as a line, one step per day: an SVG the server draws, no script. */
function chart(page: Page, overview: AssociationOverview): Html {
  const { t } = page;
  const days = overview.byDay;
  const max = Math.max(1, ...days.map((d) => Math.max(d.signups, d.shares)));
  const step = (WIDTH - 2 * PAD) / days.length;
  const y = (value: number) => HEIGHT - PAD - ((HEIGHT - 2 * PAD) * value) / max;
  const round = (value: number) => Math.round(value * 10) / 10;
  const bars = days.map((d, index) => {
    const top = y(d.signups);
    return html`<rect class="chart-signups" x="${round(PAD + index * step + step * 0.15)}" y="${round(top)}"
width="${round(step * 0.7)}" height="${round(HEIGHT - PAD - top)}"><title>${d.day} : ${t('overview.signups_on', {
      count: d.signups,
    })}</title></rect>`;
  });
  const points = days.map((d, index) => `${round(PAD + (index + 0.5) * step)},${round(y(d.shares))}`).join(' ');
  const first = days[0]?.day ?? '';
  const last = days[days.length - 1]?.day ?? '';
  return html`<figure class="overview-chart"><svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img"
aria-labelledby="chart-title" id="overview-chart"><title id="chart-title">${t('overview.chart_title', {
    days: overview.days,
  })}</title>
<line class="chart-axis" x1="${PAD}" y1="${HEIGHT - PAD}" x2="${WIDTH - PAD}" y2="${HEIGHT - PAD}"></line>
<text class="chart-label" x="${PAD}" y="${PAD - 8}">${max}</text>
<text class="chart-label" x="${PAD}" y="${HEIGHT - 6}">${first}</text>
<text class="chart-label end" x="${WIDTH - PAD}" y="${HEIGHT - 6}">${last}</text>
${bars}
<polyline class="chart-shares" points="${points}"></polyline></svg>
<figcaption><span class="key signups"></span> ${t('overview.key_signups')} <span class="key shares"></span> ${[
    t('overview.key_shares'),
  ]}</figcaption></figure>`;
}

export function overviewPage(
  page: Page,
  overview: AssociationOverview | undefined,
  organisations: Array<[string, string]> | undefined,
): Html {
  const { t } = page;
  const organisation = organisations
    ? select({
        name: 'id',
        label: t('organisation.organisation'),
        value: overview?.organisationId ?? '',
        choices: organisations,
      })
    : '';
  const picker = html`<form method="get" action="/admin/overview" class="filters">
${organisation}
${select({
  name: 'days',
  label: t('overview.period'),
  value: String(overview?.days ?? 30),
  choices: OVERVIEW_PERIODS.map((days) => [String(days), t('overview.last_days', { days })]),
})}
<p><button type="submit" class="secondary">${t('overview.show')}</button></p></form>`;
  if (!overview) return picker;
  const keys = ['published', 'created', 'signups', 'attended', 'shares', 'arrivals'] as const;
  const totals = html`<ul class="totals">${keys.map(
    (key) =>
      html`<li><span class="number" data-total="${key}">${overview.totals[key]}</span> ${[
        html`<span>${t(`overview.${key}`)}</span></li>`,
      ]}`,
  )}</ul>`;
  const rows = overview.byDay
    .filter((d) => d.signups > 0 || d.shares > 0)
    .map((d) => html`<tr><th scope="row">${d.day}</th><td>${d.signups}</td><td>${d.shares}</td></tr>`);
  const table = html`<details><summary>${t('overview.as_table')}</summary><div class="table"><table>
<thead><tr><th scope="col">${t('stats.day')}</th><th scope="col">${t('overview.key_signups')}</th>${[
    html`<th scope="col">${t('overview.key_shares')}</th></tr></thead>`,
  ]}
<tbody>${rows}</tbody></table></div></details>`;
  return html`${picker}${totals}${chart(page, overview)}${table}
<h2>${t('funnel.title')}</h2>${funnelFigure(page, overview.funnel, 'association-funnel')}
<h2>${t('stats.by_channel')}</h2><div class="table"><table><thead><tr><th scope="col"></th>${CHANNELS.map(
    (channel) => html`<th scope="col">${t(`channels.${channel}`)}</th>`,
  )}</tr></thead><tbody>${SHARE_ROWS.map(
    ([row, label]) =>
      html`<tr><th scope="row">${t(label)}</th>${CHANNELS.map(
        (channel) => html`<td data-channel="${row}-${channel}">${overview.byChannel[row][channel]}</td>`,
      )}</tr>`,
  )}</tbody></table></div>`;
}
