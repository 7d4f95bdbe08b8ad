/** The broadcasts' pages: write one (count its audience, try it on Telegram), follow it, cancel it. */
import type { Request, Response, Router } from 'express';
import type { DashboardLocals } from '../auth';
import { InvalidError } from '../errors';
import type { AudienceSize } from '../features';
import { formValues, fromLocalInput } from './forms';
import { errorsByField, type Body, type DashboardKit } from './kit';
import { organisationChoicesFor } from './opportunity-routes';
import { broadcastPage, broadcastReview, broadcastsPage } from './broadcast-views';

export function broadcastRoutes(router: Router, kit: DashboardKit): void {
  const { admin, texts, pageFor, send, signedIn, id, localeOf, timezone } = kit;
  const organisationChoices = (principal: DashboardLocals['principal']) => organisationChoicesFor(admin, principal);
  const broadcastsView = async (
    request: Request,
    response: Response,
    locals: DashboardLocals,
    extra: {
      values?: Record<string, string>;
      size?: AudienceSize;
      errors?: Record<string, string>;
      flash?: string;
      status?: number;
    },
  ) => {
    const page = pageFor(request, response, (t) => t('broadcasts.title'), extra.flash);
    const opportunities = await admin.opportunities.list(locals.principal, 'published');
    const organisations = await organisationChoices(locals.principal);
    send(
      response,
      page,
      broadcastsPage(page, {
        broadcasts: await admin.broadcasts.list(locals.principal),
        opportunities,
        values: extra.values ?? {},
        errors: extra.errors ?? {},
        ...(extra.size ? { size: extra.size } : {}),
        ...(organisations ? { organisations } : {}),
      }),
      extra.status,
    );
  };
  router.get(
    '/admin/broadcasts',
    signedIn(async (request, response, locals) => broadcastsView(request, response, locals, {})),
  );
  router.post(
    '/admin/broadcasts',
    signedIn(async (request, response, locals) => {
      const body = request.body as Body;
      const values = formValues(body);
      const audience = Object.fromEntries(
        Object.entries(values)
          .filter(([key]) => key.startsWith('audience.'))
          .map(([key, value]) => [key.slice('audience.'.length), value]),
      );
      const t = texts.for(localeOf(request));
      const organisationId = locals.principal.role === 'admin' ? values.organisationId : undefined;
      const sizeFor = () => admin.audience.size(locals.principal, { audience, organisationId });
      const words = { fr: values['text.fr'] ?? '', en: values['text.en'] ?? '' };
      const { intent, ...kept } = values;
      if (intent === 'count') return broadcastsView(request, response, locals, { values, size: await sizeFor() });
      if (intent === 'edit') return broadcastsView(request, response, locals, { values: kept });
      if (intent === 'test') {
        const result = await admin.broadcasts.sendTest(locals.principal, {
          text: words,
          opportunityId: values.opportunityId,
          mediaUrl: values.mediaUrl,
        });
        return broadcastsView(request, response, locals, {
          values,
          flash: t(result === 'sent' ? 'broadcasts.test_sent' : 'broadcasts.test_no_telegram'),
        });
      }
      const sendAt = fromLocalInput(values.sendAt, timezone);
      if (intent === 'review') {
        // Checked as it would be sent, so the review only shows what can go.
        const refused = admin.broadcasts.check({
          text: words,
          mediaUrl: values.mediaUrl,
          audience,
          ...(sendAt ? { sendAt } : {}),
        });
        if (refused)
          return broadcastsView(request, response, locals, { values, errors: errorsByField(t, refused), status: 400 });
        const page = pageFor(request, response, (tt) => tt('broadcasts.review_title'));
        return send(response, page, broadcastReview(page, kept, await sizeFor(), sendAt));
      }
      try {
        const broadcast = await admin.broadcasts.create(locals.principal, {
          text: words,
          opportunityId: values.opportunityId,
          mediaUrl: values.mediaUrl,
          audience,
          ...(sendAt ? { sendAt } : {}),
          ...(organisationId ? { organisationId } : {}),
        });
        response.redirect(303, `/admin/broadcasts/${broadcast.id}`);
      } catch (error) {
        if (!(error instanceof InvalidError)) throw error;
        return broadcastsView(request, response, locals, { values, errors: errorsByField(t, error), status: 400 });
      }
    }),
  );
  router.get(
    '/admin/broadcasts/:id',
    signedIn(async (request, response, { principal }) => {
      const report = await admin.broadcastReports.report(principal, id(request));
      const page = pageFor(request, response, (t) => t('broadcasts.title'));
      send(response, page, broadcastPage(page, report));
    }),
  );
  router.get(
    '/admin/broadcasts/:id/report.json',
    signedIn(async (request, response, { principal }) => {
      const report = await admin.broadcastReports.report(principal, id(request), { details: false });
      const t = texts.for(localeOf(request));
      response
        .set('Cache-Control', 'no-store')
        .json({ ...report, statusLabel: t(`broadcasts.status_${report.broadcast.status}`) });
    }),
  );
  router.post(
    '/admin/broadcasts/:id/cancel',
    signedIn(async (request, response, { principal }) => {
      await admin.broadcasts.cancel(principal, id(request));
      response.redirect(303, `/admin/broadcasts/${id(request)}`);
    }),
  );
}
