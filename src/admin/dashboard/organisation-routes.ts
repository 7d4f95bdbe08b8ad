/** The association's page: where it publishes; for administrators, associations and accounts. */
import type { Request, Response, Router } from 'express';
import type { DashboardLocals } from '../auth';
import { InvalidError, NotFoundError } from '../errors';
import { html } from './html';
import { errorsByField, errorSummary, field, type Body, type DashboardKit } from './kit';
import { administration, passwordReset, publishingForm, removeConfirmation, renameForm } from './organisation-views';

export function organisationRoutes(router: Router, kit: DashboardKit): void {
  const { admin, texts, pageFor, send, signedIn, id, localeOf } = kit;
  const organisationPage = async (
    request: Request,
    response: Response,
    { principal }: DashboardLocals,
    extra: { errors?: Record<string, string>; flash?: string; status?: number } = {},
  ) => {
    const organisations = await admin.organisations.list(principal);
    const wanted = typeof request.query.id === 'string' ? request.query.id : principal.organisationId;
    const current =
      organisations.find((o) => o.id === wanted) ?? (principal.role === 'admin' ? undefined : organisations[0]);
    const page = pageFor(request, response, (t) => t('organisation.title'), extra.flash);
    const parts = [current ? publishingForm(page, current, extra.errors ?? {}) : html``];
    if (current && principal.role === 'admin') parts.push(renameForm(page, current));
    if (principal.role === 'admin')
      parts.push(administration(page, organisations, await admin.accounts.list(principal), principal.accountId));
    send(response, page, html`${parts}`, extra.status);
  };
  router.get(
    '/admin/organisation',
    signedIn(async (request, response, locals) => organisationPage(request, response, locals)),
  );
  router.post(
    '/admin/organisation/:id/publishing',
    signedIn(async (request, response, locals) => {
      const t = texts.for(localeOf(request));
      try {
        await admin.organisations.updatePublishing(locals.principal, id(request), request.body);
        response.redirect(303, `/admin/organisation?id=${encodeURIComponent(id(request))}`);
      } catch (error) {
        if (!(error instanceof InvalidError)) throw error;
        request.query.id = id(request);
        await organisationPage(request, response, locals, {
          errors: errorsByField(t, error),
          status: 400,
        });
      }
    }),
  );
  router.post(
    '/admin/organisation/:id/name',
    signedIn(async (request, response, locals) => {
      const body = request.body as Body;
      try {
        await admin.organisations.rename(locals.principal, id(request), {
          name: field(body, 'name'),
          website: field(body, 'website'),
        });
        response.redirect(303, `/admin/organisation?id=${encodeURIComponent(id(request))}`);
      } catch (error) {
        if (!(error instanceof InvalidError)) throw error;
        const t = texts.for(localeOf(request));
        request.query.id = id(request);
        await organisationPage(request, response, locals, { flash: errorSummary(t, error), status: 400 });
      }
    }),
  );
  router.get(
    '/admin/organisation/:id/remove',
    signedIn(async (request, response, { principal }) => {
      const organisation = (await admin.organisations.list(principal)).find((o) => o.id === id(request));
      if (!organisation || principal.role !== 'admin') throw new NotFoundError('organisation');
      const coordinators = (await admin.accounts.list(principal)).filter(
        (a) => a.organisationId === organisation.id && !a.disabledAt,
      );
      const page = pageFor(request, response, (t) => t('organisation.remove_title', { name: organisation.name }));
      send(response, page, removeConfirmation(page, organisation, coordinators.length));
    }),
  );
  router.post(
    '/admin/organisation/:id/remove',
    signedIn(async (request, response, locals) => {
      const t = texts.for(localeOf(request));
      const organisation = (await admin.organisations.list(locals.principal)).find((o) => o.id === id(request));
      try {
        await admin.organisations.remove(locals.principal, id(request));
        delete request.query.id;
        await organisationPage(request, response, locals, {
          flash: t('organisation.removed', { name: organisation?.name ?? '' }),
        });
      } catch (error) {
        if (!(error instanceof InvalidError)) throw error;
        request.query.id = id(request);
        await organisationPage(request, response, locals, { flash: errorSummary(t, error), status: 400 });
      }
    }),
  );
  router.get(
    '/admin/accounts/:id/password',
    signedIn(async (request, response, { principal }) => {
      const account = (await admin.accounts.list(principal)).find((a) => a.id === id(request) && !a.disabledAt);
      if (!account) throw new NotFoundError('account');
      const page = pageFor(request, response, (t) => t('organisation.reset_title', { name: account.name }));
      send(response, page, passwordReset(page, account));
    }),
  );
  router.post(
    '/admin/accounts/:id/password',
    signedIn(async (request, response, { principal }) => {
      const account = (await admin.accounts.list(principal)).find((a) => a.id === id(request) && !a.disabledAt);
      if (!account) throw new NotFoundError('account');
      const provisional = await admin.accounts.resetPassword(principal, account.id);
      const page = pageFor(request, response, (t) => t('organisation.reset_title', { name: account.name }));
      send(response, page, passwordReset(page, account, provisional));
    }),
  );
  router.post(
    '/admin/organisations',
    signedIn(async (request, response, locals) => {
      const body = request.body as Body;
      try {
        const created = await admin.organisations.create(locals.principal, {
          name: field(body, 'name'),
          website: field(body, 'website'),
        });
        response.redirect(303, `/admin/organisation?id=${encodeURIComponent(created.id)}`);
      } catch (error) {
        if (!(error instanceof InvalidError)) throw error;
        const t = texts.for(localeOf(request));
        await organisationPage(request, response, locals, { flash: errorSummary(t, error), status: 400 });
      }
    }),
  );
  router.post(
    '/admin/accounts',
    signedIn(async (request, response, locals) => {
      const body = request.body as Body;
      const t = texts.for(localeOf(request));
      try {
        await admin.accounts.create(locals.principal, {
          email: field(body, 'email'),
          password: field(body, 'password'),
          name: field(body, 'name'),
          role: 'coordinator',
          organisationId: field(body, 'organisationId'),
          locale: localeOf(request),
        });
        await organisationPage(request, response, locals, { flash: t('organisation.created') });
      } catch (error) {
        if (!(error instanceof InvalidError)) throw error;
        await organisationPage(request, response, locals, { flash: errorSummary(t, error), status: 400 });
      }
    }),
  );
}
