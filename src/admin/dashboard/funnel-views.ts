/**
 * The funnel from a view of the public page to a person who came: one horizontal bar per stage,
 * drawn as SVG on the server (no script), with each figure written beside its bar and the whole
 * repeated as a list for screen readers (the SVG itself is hidden from them).
 */
import type { Funnel } from '../features';
import { html, type Html, type Page } from './html';

const STAGES = ['views', 'arrivals', 'signups', 'attended'] as const;
const WIDTH = 640;
const ROW = 44;
const LABEL = 200;

export function funnelFigure(page: Page, funnel: Funnel, id: string): Html {
  const { t } = page;
  const max = Math.max(1, ...STAGES.map((stage) => funnel[stage]));
  const span = WIDTH - LABEL - 60;
  const rows = STAGES.map((stage, index) => {
    const width = Math.max(2, Math.round((span * funnel[stage]) / max));
    const y = index * ROW + 8;
    return html`<text class="chart-label" x="0" y="${y + 20}">${t(`funnel.${stage}`)}</text>
<rect class="funnel-${stage}" x="${LABEL}" y="${y}" width="${width}" height="28"></rect>
<text class="chart-label" x="${LABEL + width + 8}" y="${y + 20}">${funnel[stage]}</text>`;
  });
  const rate = (part: number, whole: number) => (whole === 0 ? '—' : `${Math.round((100 * part) / whole)} %`);
  const steps = STAGES.map(
    (stage, index) =>
      html`<li><span data-funnel="${stage}">${funnel[stage]}</span> ${t(`funnel.${stage}`)}${
        index > 0 ? html` (${rate(funnel[stage], funnel[STAGES[index - 1]])})` : ''
      }</li>`,
  );
  return html`<figure class="funnel" aria-labelledby="${id}-caption">
<svg viewBox="0 0 ${WIDTH} ${STAGES.length * ROW + 8}" aria-hidden="true" focusable="false">${rows}</svg>
<figcaption id="${id}-caption">${t('funnel.caption')}</figcaption>
<ol class="funnel-steps">${steps}</ol></figure>`;
}
