/**
 * The coordinators' dashboard at /admin: server-rendered pages that work without script (a small
 * script only refreshes a broadcast's progress), a session cookie, a CSRF token on every form, and
 * every page in French or English.
 */
import path from 'node:path';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { isLocale, LOCALES, localise, type Locale, type OpportunityStatus } from '../../domain/model';
import { BOOTSTRAP_ID, type AdminAuth, type DashboardLocals } from '../auth';
import { signupsCsv, statsCsv } from '../csv';
import { ForbiddenError, InvalidError, NotFoundError } from '../errors';
import type { AdminTexts } from '../i18n';
import { hashPassword, safeEqual } from '../passwords';
import { parseAudience, type AdminService } from '../service';
import { formValues, opportunityBody, toLocalInput } from './forms';
import { html, layout, type Html, type Page } from './html';
import {
  opportunityActions,
  opportunityForm,
  opportunityList,
  preview,
  signupList,
  statsPage,
  valuesOf,
} from './opportunity-views';
import { administration, publishingForm } from './organisation-views';
import { broadcastPage, broadcastsPage, loginPage, questionsPage, setupPage, telegramPage } from './other-views';

export interface DashboardOptions {
  service: AdminService;
  auth: AdminAuth;
  texts: AdminTexts;
  publicDir: string;
  timezone: string;
  bootstrapToken: string;
  /** A Telegram link opening the bot with a start parameter, when Telegram is configured. */
  telegramStartLink?: (parameter: string) => string;
}

const LANGUAGE_COOKIE = 'mobot_admin_lang';

type Body = Record<string, string | string[] | undefined>;

export function dashboardRouter(options: DashboardOptions): Router {
  const { service, auth, texts } = options;
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '64kb' });

  const localeOf = (request: Request): Locale => {
    const chosen = request.get('cookie')?.match(new RegExp(`${LANGUAGE_COOKIE}=(\\w+)`))?.[1];
    return isLocale(chosen) ? chosen : ((request.acceptsLanguages(...LOCALES) || 'fr') as Locale);
  };
  const pageFor = (request: Request, response: Response, title: (t: Page['t']) => string, flash?: string): Page => {
    const locale = localeOf(request);
    const t = texts.for(locale);
    const locals = response.locals as Partial<DashboardLocals>;
    return {
      t,
      locale,
      title: title(t),
      ...(locals.principal && locals.session
        ? { user: { name: locals.principal.name, csrf: locals.session.csrf, admin: locals.principal.role === 'admin' } }
        : {}),
      ...(flash ? { flash } : {}),
    };
  };
  const send = (response: Response, page: Page, body: Html, status = 200) => {
    response
      .status(status)
      .set(
        'Content-Security-Policy',
        "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; frame-ancestors 'none'; form-action 'self'",
      )
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(layout(page, body));
  };
  /** Runs a signed-in page; unknown or other organisations' records are 404, refusals 403. */
  const signedIn =
    (handler: (request: Request, response: Response, locals: DashboardLocals) => Promise<void>): RequestHandler =>
    async (request, response, next) => {
      try {
        await handler(request, response, response.locals as DashboardLocals);
      } catch (error) {
        if (error instanceof InvalidError) {
          response.status(400).type('text/plain').send(error.message);
          return;
        }
        if (error instanceof NotFoundError || error instanceof ForbiddenError) {
          const page = pageFor(request, response, () => error.message);
          send(
            response,
            page,
            html`<p><a href="/admin/opportunities">${page.t('app.nav_opportunities')}</a></p>`,
            error instanceof NotFoundError ? 404 : 403,
          );
          return;
        }
        next(error);
      }
    };
  const id = (request: Request) => String(request.params.id);

  router.use('/admin/assets', express.static(options.publicDir, { index: false, maxAge: '1h' }));

  // ── signing in ───────────────────────────────────────────────────────────────────────────────
  router.get('/admin/login', (request, response) => {
    const next = typeof request.query.next === 'string' ? request.query.next : '';
    send(
      response,
      pageFor(request, response, (t) => t('login.title')),
      loginPage(
        pageFor(request, response, (t) => t('login.title')),
        { next },
      ),
    );
  });
  router.post('/admin/login', form, async (request, response, next) => {
    try {
      const body = request.body as Body;
      const email = String(body.email ?? '').trim();
      const page = pageFor(request, response, (t) => t('login.title'));
      const result = await auth.login(email, String(body.password ?? ''), request.ip ?? 'unknown');
      if ('sessionId' in result) {
        auth.setSessionCookie(response, result.sessionId);
        response.redirect(303, ownPage(String(body.next ?? '')));
        return;
      }
      if (result.refused === 'rate_limited') {
        response.set('Retry-After', String(result.retryAfter));
        send(
          response,
          page,
          loginPage(page, { email, error: page.t('login.too_many', { minutes: Math.ceil(result.retryAfter / 60) }) }),
          429,
        );
        return;
      }
      send(response, page, loginPage(page, { email, error: page.t('login.wrong') }), 401);
    } catch (error) {
      next(error);
    }
  });
  router.get('/admin/setup', (request, response) => {
    const page = pageFor(request, response, (t) => t('setup.title'));
    send(response, page, setupPage(page));
  });
  router.post('/admin/setup', form, async (request, response, next) => {
    try {
      const body = request.body as Body;
      const page = pageFor(request, response, (t) => t('setup.title'));
      if ((await service.accountCount()) > 0) return send(response, page, setupPage(page, page.t('setup.closed')), 409);
      if (!safeEqual(String(body.token ?? ''), options.bootstrapToken))
        return send(response, page, setupPage(page, page.t('setup.wrong_token')), 403);
      const password = String(body.password ?? '');
      if (password.length < 12) return send(response, page, setupPage(page, page.t('errors.invalid')), 400);
      await service.createAccount(
        { accountId: BOOTSTRAP_ID, role: 'admin', name: 'ADMIN_TOKEN' },
        {
          email: String(body.email ?? ''),
          name: String(body.name ?? '').trim() || 'Admin',
          role: 'admin',
          passwordHash: await hashPassword(password),
          locale: page.locale,
        },
      );
      const login = pageFor(request, response, (t) => t('login.title'), page.t('setup.done'));
      send(response, login, loginPage(login, { email: String(body.email ?? '') }), 201);
    } catch (error) {
      if (error instanceof InvalidError) {
        const page = pageFor(request, response, (t) => t('setup.title'));
        send(response, page, setupPage(page, error.message), 400);
        return;
      }
      next(error);
    }
  });

  // Everything below needs a session (and a CSRF token on every POST).
  router.use('/admin', form, auth.dashboard());

  router.post(
    '/admin/logout',
    signedIn(async (_request, response, locals) => {
      await service.endSession(locals.session.id);
      auth.clearSessionCookie(response);
      response.redirect(303, '/admin/login');
    }),
  );
  router.post(
    '/admin/language',
    signedIn(async (request, response) => {
      const next = localeOf(request) === 'fr' ? 'en' : 'fr';
      response.cookie(LANGUAGE_COOKIE, next, {
        httpOnly: true,
        sameSite: 'lax',
        path: '/admin',
        maxAge: 365 * 24 * 3600_000,
      });
      response.redirect(303, ownPage(request.get('referer')?.replace(/^https?:\/\/[^/]+/, '')));
    }),
  );
  router.get('/admin', (_request, response) => response.redirect(303, '/admin/opportunities'));

  // ── opportunities ────────────────────────────────────────────────────────────────────────────
  router.get(
    '/admin/opportunities',
    signedIn(async (request, response, { principal }) => {
      const page = pageFor(request, response, (t) => t('opportunities.title'));
      send(response, page, opportunityList(page, await service.listOpportunities(principal)));
    }),
  );
  // Administrators say which association a new opportunity belongs to; coordinators' is their own.
  const organisationChoices = async (principal: DashboardLocals['principal']) =>
    principal.role === 'admin'
      ? (await service.listOrganisations(principal)).map((o): [string, string] => [o.id, o.name])
      : undefined;
  router.get(
    '/admin/opportunities/new',
    signedIn(async (request, response, { principal }) => {
      const page = pageFor(request, response, (t) => t('opportunities.new'));
      send(
        response,
        page,
        opportunityForm(page, '/admin/opportunities', valuesOf(undefined), [], await organisationChoices(principal)),
      );
    }),
  );
  router.post(
    '/admin/opportunities',
    signedIn(async (request, response, { principal }) => {
      const body = request.body as Body;
      try {
        const created = await service.createOpportunity(principal, {
          ...opportunityBody(body, options.timezone),
          ...(typeof body.organisationId === 'string' ? { organisationId: body.organisationId } : {}),
        });
        response.redirect(303, `/admin/opportunities/${created.id}?saved=1`);
      } catch (error) {
        if (!(error instanceof InvalidError)) throw error;
        const page = pageFor(request, response, (t) => t('opportunities.new'));
        send(
          response,
          page,
          opportunityForm(
            page,
            '/admin/opportunities',
            formValues(body),
            error.errors,
            await organisationChoices(principal),
          ),
          400,
        );
      }
    }),
  );
  router.get(
    '/admin/opportunities/:id',
    signedIn(async (request, response, { principal }) => {
      const opportunity = await service.getOpportunity(principal, id(request));
      const flash = request.query.saved
        ? 'opportunities.saved'
        : request.query.published
          ? 'opportunities.published'
          : undefined;
      const page = pageFor(
        request,
        response,
        (t) => localise(opportunity.title, localeOf(request)) || t('opportunities.edit'),
      );
      const values = {
        ...valuesOf(opportunity),
        startsAt: toLocalInput(opportunity.startsAt, options.timezone),
        endsAt: toLocalInput(opportunity.endsAt, options.timezone),
      };
      const withFlash = flash ? { ...page, flash: page.t(flash) } : page;
      send(
        response,
        withFlash,
        html`${opportunityActions(page, opportunity, service.links(opportunity))}${opportunityForm(page, `/admin/opportunities/${opportunity.id}`, values, [])}${preview(page, opportunity)}`,
      );
    }),
  );
  router.post(
    '/admin/opportunities/:id',
    signedIn(async (request, response, { principal }) => {
      const body = request.body as Body;
      try {
        await service.updateOpportunity(principal, id(request), opportunityBody(body, options.timezone));
        response.redirect(303, `/admin/opportunities/${id(request)}?saved=1`);
      } catch (error) {
        if (!(error instanceof InvalidError)) throw error;
        const page = pageFor(request, response, (t) => t('opportunities.edit'));
        send(
          response,
          page,
          opportunityForm(page, `/admin/opportunities/${id(request)}`, formValues(body), error.errors),
          400,
        );
      }
    }),
  );
  router.post(
    '/admin/opportunities/:id/status',
    signedIn(async (request, response, { principal }) => {
      const to = String(request.query.to ?? '') as OpportunityStatus;
      await service.setStatus(principal, id(request), to);
      response.redirect(303, `/admin/opportunities/${id(request)}${to === 'published' ? '?published=1' : '?saved=1'}`);
    }),
  );
  router.post(
    '/admin/opportunities/:id/duplicate',
    signedIn(async (request, response, { principal }) => {
      const copy = await service.duplicate(principal, id(request));
      response.redirect(303, `/admin/opportunities/${copy.id}?saved=1`);
    }),
  );
  router.get(
    '/admin/opportunities/:id/signups',
    signedIn(async (request, response, { principal }) => {
      const opportunity = await service.getOpportunity(principal, id(request));
      const page = pageFor(request, response, (t) =>
        t('signups.title', { title: localise(opportunity.title, localeOf(request)) }),
      );
      send(response, page, signupList(page, opportunity, await service.signups(principal, opportunity.id)));
    }),
  );
  router.get(
    '/admin/opportunities/:id/signups.csv',
    signedIn(async (request, response, { principal }) => {
      const signups = await service.signups(principal, id(request));
      response
        .type('text/csv')
        .attachment(`signups-${id(request)}.csv`)
        .send(signupsCsv(signups));
    }),
  );
  router.post(
    '/admin/signups/:id/attendance',
    signedIn(async (request, response, { principal }) => {
      const signup = await service.setAttendance(principal, id(request), request.query.attended === 'true');
      response.redirect(303, `/admin/opportunities/${signup.opportunityId}/signups`);
    }),
  );
  router.get(
    '/admin/opportunities/:id/stats',
    signedIn(async (request, response, { principal }) => {
      const stats = await service.opportunityStats(principal, id(request));
      const page = pageFor(request, response, (t) =>
        t('stats.title', { title: localise(stats.opportunity.title, localeOf(request)) }),
      );
      send(response, page, statsPage(page, id(request), stats));
    }),
  );
  router.get(
    '/admin/opportunities/:id/stats.csv',
    signedIn(async (request, response, { principal }) => {
      const stats = await service.opportunityStats(principal, id(request));
      response
        .type('text/csv')
        .attachment(`stats-${id(request)}.csv`)
        .send(statsCsv(stats.byDay));
    }),
  );

  // ── broadcasts ───────────────────────────────────────────────────────────────────────────────
  const broadcastsView = async (
    request: Request,
    response: Response,
    locals: DashboardLocals,
    extra: {
      values?: Record<string, string>;
      size?: Awaited<ReturnType<AdminService['audienceSize']>>;
      errors?: Record<string, string>;
      flash?: string;
      status?: number;
    },
  ) => {
    const page = pageFor(request, response, (t) => t('broadcasts.title'), extra.flash);
    const opportunities = await service.listOpportunities(locals.principal, 'published');
    const organisations = await organisationChoices(locals.principal);
    send(
      response,
      page,
      broadcastsPage(page, {
        broadcasts: await service.listBroadcasts(locals.principal),
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
      const audience =
        parseAudience(
          Object.fromEntries(
            Object.entries(values)
              .filter(([key]) => key.startsWith('audience.'))
              .map(([key, value]) => [key.slice('audience.'.length), value]),
          ),
        ) ?? {};
      const t = texts.for(localeOf(request));
      const organisationId = locals.principal.role === 'admin' ? values.organisationId : undefined;
      const sizeFor = () => service.audienceSize(locals.principal, audience, organisationId);
      if (values.intent === 'count')
        return broadcastsView(request, response, locals, { values, size: await sizeFor() });
      if (values.intent === 'test') {
        const result = await service.sendTest(locals.principal, {
          text: values.text,
          opportunityId: values.opportunityId,
          mediaUrl: values.mediaUrl,
        });
        return broadcastsView(request, response, locals, {
          values,
          flash: t(result === 'sent' ? 'broadcasts.test_sent' : 'broadcasts.test_no_telegram'),
        });
      }
      try {
        const sendAt = values.sendAt
          ? opportunityBody({ startsAt: values.sendAt }, options.timezone).startsAt
          : undefined;
        const broadcast = await service.createBroadcast(locals.principal, {
          text: values.text,
          opportunityId: values.opportunityId,
          mediaUrl: values.mediaUrl,
          audience,
          ...(sendAt ? { sendAt } : {}),
          ...(organisationId ? { organisationId } : {}),
        });
        response.redirect(303, `/admin/broadcasts/${broadcast.id}`);
      } catch (error) {
        if (!(error instanceof InvalidError)) throw error;
        const errors = Object.fromEntries(error.errors.map((e) => [e.field, t(`errors.${e.code}`)]));
        return broadcastsView(request, response, locals, { values, errors, status: 400 });
      }
    }),
  );
  router.get(
    '/admin/broadcasts/:id',
    signedIn(async (request, response, { principal }) => {
      const report = await service.broadcastReport(principal, id(request));
      const page = pageFor(request, response, (t) => t('broadcasts.title'));
      send(response, page, broadcastPage(page, report));
    }),
  );
  router.get(
    '/admin/broadcasts/:id/report.json',
    signedIn(async (request, response, { principal }) => {
      const report = await service.broadcastReport(principal, id(request), { details: false });
      const t = texts.for(localeOf(request));
      response
        .set('Cache-Control', 'no-store')
        .json({ ...report, statusLabel: t(`broadcasts.status_${report.broadcast.status}`) });
    }),
  );
  router.post(
    '/admin/broadcasts/:id/cancel',
    signedIn(async (request, response, { principal }) => {
      await service.cancelBroadcast(principal, id(request));
      response.redirect(303, `/admin/broadcasts/${id(request)}`);
    }),
  );

  // ── the association, and for administrators associations and accounts ──────────────────────
  const organisationPage = async (
    request: Request,
    response: Response,
    { principal }: DashboardLocals,
    extra: { errors?: Record<string, string>; flash?: string; status?: number } = {},
  ) => {
    const organisations = await service.listOrganisations(principal);
    const wanted = typeof request.query.id === 'string' ? request.query.id : principal.organisationId;
    const current =
      organisations.find((o) => o.id === wanted) ?? (principal.role === 'admin' ? undefined : organisations[0]);
    const page = pageFor(request, response, (t) => t('organisation.title'), extra.flash);
    const parts = [current ? publishingForm(page, current, extra.errors ?? {}) : html``];
    if (principal.role === 'admin')
      parts.push(administration(page, organisations, await service.listAccounts(principal)));
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
        await service.updatePublishing(locals.principal, id(request), request.body as Record<string, unknown>);
        response.redirect(303, `/admin/organisation?id=${encodeURIComponent(id(request))}`);
      } catch (error) {
        if (!(error instanceof InvalidError)) throw error;
        request.query.id = id(request);
        await organisationPage(request, response, locals, {
          errors: Object.fromEntries(error.errors.map((e) => [e.field, t(`errors.${e.code}`)])),
          status: 400,
        });
      }
    }),
  );
  router.post(
    '/admin/organisations',
    signedIn(async (request, response, locals) => {
      const body = request.body as Record<string, unknown>;
      const created = await service.createOrganisation(locals.principal, { name: body.name, website: body.website });
      response.redirect(303, `/admin/organisation?id=${encodeURIComponent(created.id)}`);
    }),
  );
  router.post(
    '/admin/accounts',
    signedIn(async (request, response, locals) => {
      const body = request.body as Record<string, string>;
      const t = texts.for(localeOf(request));
      try {
        if ((body.password ?? '').length < 12)
          throw new InvalidError([{ field: 'password', code: 'invalid', message: 'at least 12 characters' }]);
        await service.createAccount(locals.principal, {
          email: body.email ?? '',
          name: (body.name ?? '').trim(),
          role: 'coordinator',
          organisationId: body.organisationId ?? '',
          passwordHash: await hashPassword(body.password ?? ''),
          locale: localeOf(request),
        });
        await organisationPage(request, response, locals, { flash: t('organisation.created') });
      } catch (error) {
        if (!(error instanceof InvalidError)) throw error;
        await organisationPage(request, response, locals, { flash: error.message, status: 400 });
      }
    }),
  );

  // ── questions and Telegram ───────────────────────────────────────────────────────────────────
  router.get(
    '/admin/questions',
    signedIn(async (request, response, { principal }) => {
      const page = pageFor(request, response, (t) => t('questions.title'));
      send(response, page, questionsPage(page, await service.questions(principal)));
    }),
  );
  router.post(
    '/admin/questions/:id/answer',
    signedIn(async (request, response, { principal }) => {
      try {
        await service.answerQuestion(principal, id(request), String((request.body as Body).text ?? ''));
        response.redirect(303, '/admin/questions');
      } catch (error) {
        if (!(error instanceof InvalidError)) throw error;
        const page = pageFor(request, response, (t) => t('questions.title'), error.message);
        send(response, page, questionsPage(page, await service.questions(principal)), 400);
      }
    }),
  );
  router.get(
    '/admin/telegram',
    signedIn(async (request, response, { principal }) => {
      const page = pageFor(request, response, (t) => t('telegram.title'));
      const link = options.telegramStartLink
        ? options.telegramStartLink(await service.telegramLinkToken(principal))
        : undefined;
      send(response, page, telegramPage(page, link, await service.linkedTelegram(principal)));
    }),
  );

  return router;
}

/** Only our own pages: a crafted `next` or Referer cannot send the coordinator elsewhere. */
export function ownPage(target: string | undefined): string {
  return target && /^\/admin\/[^/\\]/.test(target) ? target : '/admin/opportunities';
}

export const DASHBOARD_PUBLIC = (root: string) => path.join(root, 'src', 'admin', 'public');
