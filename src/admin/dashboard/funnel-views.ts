/**
 * The funnel from a view of the public page to a person who came: one horizontal bar per stage,
 * drawn as SVG on the server (no script), with each figure written beside its bar and the whole
 * repeated as a list for screen readers (the SVG itself is hidden from them).
 */
import type { Funnel } from '../features';
import { html, type Html, type Page } from './html';

const STAGES = ['views', 'arrivals', 'signups', 'attended'] as const;
/** Narrow, labels above their bars: readable at a phone's width without scaling the text down. */
const WIDTH = 360;
const ROW = 52;

export function funnelFigure(page: Page, funnel: Funnel, id: string): Html {
  const { t } = page;
  const max = Math.max(1, ...STAGES.map((stage) => funnel[stage]));
  const span = WIDTH - 60;
  const rows = STAGES.map((stage, index) => {
    const width = Math.max(2, Math.round((span * funnel[stage]) / max));
    const y = index * ROW;
    return html`<text class="funnel-label" x="0" y="${y + 16}">${t(`funnel.${stage}`)}</text>
<rect class="funnel-${stage}" x="0" y="${y + 22}" width="${width}" height="24"></rect>
<text class="funnel-label" x="${width + 8}" y="${y + 40}">${funnel[stage]}</text>`;
  });
  const rate = (part: number, whole: number) => (whole === 0 ? '—' : `${Math.round((100 * part) / whole)}\u00a0%`);
  const steps = STAGES.map(
    (stage, index) =>
      html`<li><span data-funnel="${stage}">${funnel[stage]}</span> ${t(`funnel.step_${stage}`)}${
        index > 0 ? html` (${rate(funnel[stage], funnel[STAGES[index - 1]])})` : ''
      }</li>`,
  );
  return html`<figure class="funnel" aria-labelledby="${id}-caption">
<svg viewBox="0 0 ${WIDTH} ${STAGES.length * ROW}" aria-hidden="true" focusable="false">${rows}</svg>
<figcaption id="${id}-caption">${t('funnel.caption')}</figcaption>
<ol class="funnel-steps">${steps}</ol></figure>`;
}
