/** Questions people asked, answered from here; and linking the coordinator's own Telegram. */
import type { Router } from 'express';
import { InvalidError } from '../errors';
import { errorSummary, field, type Body, type DashboardKit } from './kit';
import { questionsPage, telegramPage } from './other-views';

export function questionRoutes(
  router: Router,
  kit: DashboardKit,
  telegramStartLink: ((parameter: string) => string) | undefined,
): void {
  const { admin, pageFor, send, signedIn, id } = kit;
  router.get(
    '/admin/questions',
    signedIn(async (request, response, { principal }) => {
      const page = pageFor(request, response, (t) => t('questions.title'));
      send(response, page, questionsPage(page, await admin.questions.list(principal)));
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
        send(response, page, questionsPage(page, await admin.questions.list(principal)), 400);
      }
    }),
  );
  router.get(
    '/admin/telegram',
    signedIn(async (request, response, { principal }) => {
      const page = pageFor(request, response, (t) => t('telegram.title'));
      const link = telegramStartLink ? telegramStartLink(await admin.accounts.telegramLinkToken(principal)) : undefined;
      send(response, page, telegramPage(page, link, (await admin.accounts.alertsTo(principal))?.externalId));
    }),
  );
}
