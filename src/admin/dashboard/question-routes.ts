/** Questions people asked, answered from here; and linking the coordinator's own Telegram. */
import type { Request, Router } from 'express';
import type { Principal } from '../principal';
import { html, type Html, type Page } from './html';
import { listControls, listQuery, matches, pageOf, type ListFilter } from './list-controls';
import { InvalidError } from '../errors';
import { errorSummary, field, type Body, type DashboardKit } from './kit';
import { chatsPage, questionsPage } from './other-views';

export function questionRoutes(
  router: Router,
  kit: DashboardKit,
  telegramStartLink: ((parameter: string) => string) | undefined,
): void {
  const { admin, pageFor, send, signedIn, id } = kit;
  /** The questions page: filtered, a page at a time; who asked is looked up for that page only. */
  const listed = async (request: Request, page: Page, principal: Principal): Promise<Html> => {
    const filters: ListFilter[] = [
      { name: 'q', label: page.t('lists.search_text'), search: true },
      {
        name: 'status',
        label: page.t('lists.status'),
        any: page.t('lists.all'),
        choices: (['open', 'answered'] as const).map((s) => [s, page.t(`questions.status_${s}`)]),
      },
    ];
    const values = listQuery(request, filters);
    const status = values.status === 'open' || values.status === 'answered' ? values.status : undefined;
    const found = (await admin.questions.find(principal, status)).filter((q) =>
      matches(values.q, [q.text, q.answer?.text]),
    );
    const list = pageOf(request, found);
    const controls = listControls(page, '/admin/questions', filters, values, list);
    return html`${controls}${questionsPage(page, await admin.questions.views(list.shown))}`;
  };
  router.get(
    '/admin/questions',
    signedIn(async (request, response, { principal }) => {
      const page = pageFor(request, response, (t) => t('questions.title'));
      send(response, page, await listed(request, page, principal));
    }),
  );
  router.post(
    '/admin/questions/:id/answer',
    signedIn(async (request, response, { principal }) => {
      try {
        await admin.questions.answer(principal, id(request), { text: field(request.body as Body, 'text') });
        response.redirect(303, '/admin/questions');
      } catch (error) {
        if (!(error instanceof InvalidError)) throw error;
        const t = kit.texts.for(kit.localeOf(request));
        const flash = errorSummary(t, error, { text: 'questions.answer' });
        const page = pageFor(request, response, (t) => t('questions.title'), flash);
        send(response, page, await listed(request, page, principal), 400);
      }
    }),
  );
  router.get(
    '/admin/telegram',
    signedIn(async (request, response, { principal }) => {
      const page = pageFor(request, response, (t) => t('telegram.title'));
      // One-time tokens, one per link: whichever is opened first links that chat.
      const telegram = telegramStartLink
        ? telegramStartLink(await admin.accounts.telegramLinkToken(principal))
        : undefined;
      const web = `/chat?link=${await admin.accounts.chatLinkToken(principal)}`;
      const linked = await admin.accounts.alertsTo(principal);
      send(response, page, chatsPage(page, { ...(telegram ? { telegram } : {}), web, ...(linked ? { linked } : {}) }));
    }),
  );
}
