/** An opportunity's statistics: figures first, the funnel, then per channel, per day, and who brought people. */
import { CHANNELS } from '../../domain/model';
import { CHANNEL_ROWS, DAY_COLUMNS, type OpportunityStats } from '../features/statistics';
import { funnelFigure } from './funnel-views';
import { html, type Html, type Page } from './html';

const TOTALS = [
  'reached',
  'details_opened',
  'page_views',
  'shared',
  'arrivals',
  'signups',
  'waitlisted',
  'attended',
] as const;

/** Bars per day are meters: no script, no inline style, read as a table by screen readers. */
export function statsPage(page: Page, id: string, stats: OpportunityStats): Html {
  const { t } = page;
  const totals = stats.totals;
  const channelHeadings = CHANNELS.map((c) => html`<th scope="col">${t(`channels.${c}`)}</th>`);
  const channelRows = CHANNEL_ROWS.map(
    (row) =>
      html`<tr><th scope="row">${t(`stats.${row}`)}</th>${CHANNELS.map(
        (c) => html`<td>${stats.byChannel[row][c]}</td>`,
      )}</tr>`,
  );
  const charted = ['page_views', 'arrivals', 'signups'] as const;
  const max = Math.max(1, ...stats.byDay.flatMap((row) => charted.map((key) => row[key])));
  const dayHeadings = DAY_COLUMNS.map((key) => html`<th scope="col">${t(`stats.${key}`)}</th>`);
  const dayRows = stats.byDay.map(
    (row) =>
      html`<tr><th scope="row">${row.day}</th>${DAY_COLUMNS.slice(1).map((key) =>
        (charted as readonly string[]).includes(key)
          ? html`<td><meter class="${key}" min="0" max="${max}" value="${row[key]}"></meter> ${row[key]}</td>`
          : html`<td>${row[key]}</td>`,
      )}</tr>`,
  );
  const brought =
    stats.broughtBy.length === 0
      ? html`<p>${t('stats.brought_by_none')}</p>`
      : html`<ol>${stats.broughtBy.map(
          (b) =>
            html`<li>${b.name ?? t('stats.anonymous')} : ${t('stats.brought', { count: b.arrivals })}, ${t(
              'stats.brought_signups',
              { count: b.signups },
            )}</li>`,
        )}</ol>`;
  return html`<p><a class="button" href="/admin/opportunities/${id}/stats.csv">${t('stats.csv')}</a></p>
<ul class="totals">${TOTALS.map(
    (key) =>
      html`<li><span class="number" data-total="${key}">${totals[key]}</span> <span>${t(`stats.${key}`)}</span></li>`,
  )}</ul>
<p class="hint">${t('stats.counted_once', { credited: totals.credited, arrivals: totals.arrivals })}</p>
<h2>${t('funnel.title')}</h2>${funnelFigure(page, stats.funnel, 'opportunity-funnel')}
<h2>${t('stats.by_channel')}</h2><div class="table"><table>
<thead><tr><th scope="col"></th>${channelHeadings}</tr></thead>
<tbody>
${channelRows}</tbody></table></div>
<h2>${t('stats.by_day')}</h2><div class="table"><table class="chart"><thead><tr>${dayHeadings}</tr></thead><tbody>
${dayRows}</tbody></table></div>
<h2>${t('stats.brought_by')}</h2>${brought}`;
}
