/**
 * On an opportunity's page: where it was announced beyond the bot and how each post went (a failure
 * says why, in the platform's words), and the button to announce it again when there is news.
 */
import type { Opportunity } from '../../domain/model';
import { html, localTimeText, postButton, type Html, type Page } from './html';

export function announcementSection(page: Page, opportunity: Opportunity, announceable: boolean): Html {
  const { t } = page;
  if (!announceable && !opportunity.announcement) return html``;
  const announcement = opportunity.announcement;
  const results = announcement
    ? html`<ul class="announcement">${announcement.results.map((result) =>
        result.ok
          ? html`<li class="ok">${t(`announcement.ok_${result.channel}`)}</li>`
          : html`<li class="failed" role="alert">${t(`announcement.failed_${result.channel}`, {
              error: result.error ?? '',
            })}</li>`,
      )}</ul>`
    : html`<p>${t('announcement.not_yet')}</p>`;
  const when = announcement
    ? html`<p>${t('announcement.when', { when: localTimeText(page, announcement.at) })}</p>`
    : '';
  const again =
    announceable && opportunity.status === 'published'
      ? html`<p>${postButton(
          page,
          `/admin/opportunities/${opportunity.id}/announce`,
          t(announcement ? 'announcement.again' : 'announcement.now'),
        )}</p><p class="hint">${t('announcement.once')}</p>`
      : '';
  return html`<section aria-labelledby="announcement"><h2 id="announcement">${t('announcement.title')}</h2>
${when}${results}${again}</section>`;
}
