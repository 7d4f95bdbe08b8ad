/** Signing in and out, the first administrator's account, and the dashboard's language. */
import express, { type Router } from 'express';
import type { AdminAuth } from '../auth';
import { InvalidError } from '../errors';
import { safeEqual } from '../../util/safe-equal';
import { BOOTSTRAP_PRINCIPAL } from '../principal';
import { errorsByField, errorSummary, field, LANGUAGE_COOKIE, ownPage, type Body, type DashboardKit } from './kit';
import { loginPage, passwordForm, setupPage } from './other-views';

export const form = express.urlencoded({ extended: false, limit: '64kb' });

/** The pages open without a session. */
export function signInRoutes(
  router: Router,
  kit: DashboardKit,
  auth: AdminAuth,
  bootstrapToken: string | undefined,
): void {
  const { admin, pageFor, send } = kit;
  router.get('/admin/login', async (request, response, next) => {
    try {
      const target = typeof request.query.next === 'string' ? request.query.next : '';
      const page = pageFor(request, response, (t) => t('login.title'));
      const setupOpen = (await admin.accounts.count()) === 0;
      send(response, page, loginPage(page, { next: target, csrf: auth.formToken(request, response), setupOpen }));
    } catch (error) {
      next(error);
    }
  });
  router.post('/admin/login', form, async (request, response, next) => {
    try {
      const body = request.body as Body;
      const email = field(body, 'email').trim();
      const page = pageFor(request, response, (t) => t('login.title'));
      const csrf = auth.formToken(request, response);
      if (!auth.formTokenValid(request))
        return send(response, page, loginPage(page, { email, csrf, error: page.t('login.expired') }), 403);
      const result = await auth.login(email, field(body, 'password'), request.ip ?? 'unknown');
      if ('sessionId' in result) {
        auth.setSessionCookie(response, result.sessionId);
        response.redirect(303, ownPage(field(body, 'next')));
        return;
      }
      if (result.refused === 'rate_limited') {
        response.set('Retry-After', String(result.retryAfter));
        const error =
          result.retryAfter < 60
            ? page.t('login.too_many_seconds', { seconds: result.retryAfter })
            : page.t('login.too_many', { minutes: Math.ceil(result.retryAfter / 60) });
        send(response, page, loginPage(page, { email, csrf, error }), 429);
        return;
      }
      send(response, page, loginPage(page, { email, csrf, error: page.t('login.wrong') }), 401);
    } catch (error) {
      next(error);
    }
  });
  router.get('/admin/setup', (request, response) => {
    const page = pageFor(request, response, (t) => t('setup.title'));
    send(response, page, setupPage(page, auth.formToken(request, response)));
  });
  router.post('/admin/setup', form, async (request, response, next) => {
    const page = pageFor(request, response, (t) => t('setup.title'));
    const csrf = auth.formToken(request, response);
    try {
      const body = request.body as Body;
      if (!auth.formTokenValid(request))
        return send(response, page, setupPage(page, csrf, page.t('login.expired')), 403);
      if ((await admin.accounts.count()) > 0)
        return send(response, page, setupPage(page, csrf, page.t('setup.closed')), 409);
      if (bootstrapToken === undefined || !safeEqual(field(body, 'token'), bootstrapToken))
        return send(response, page, setupPage(page, csrf, page.t('setup.wrong_token')), 403);
      const account = await admin.accounts.create(BOOTSTRAP_PRINCIPAL, {
        email: field(body, 'email'),
        password: field(body, 'password'),
        name: field(body, 'name').trim() || 'Admin',
        role: 'admin',
        locale: page.locale,
      });
      const login = pageFor(request, response, (t) => t('login.title'), page.t('setup.done'));
      send(response, login, loginPage(login, { email: account.email, csrf }), 201);
    } catch (error) {
      if (!(error instanceof InvalidError)) return next(error);
      send(response, page, setupPage(page, csrf, errorSummary(page.t, error)), 400);
    }
  });
}

/** Signing out and switching language (signed in). */
export function sessionRoutes(router: Router, kit: DashboardKit, auth: AdminAuth): void {
  const { admin, signedIn, localeOf } = kit;
  router.post(
    '/admin/logout',
    signedIn(async (_request, response, locals) => {
      await admin.accounts.endSession(locals.session.id);
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
  router.get(
    '/admin/account',
    signedIn(async (request, response) => {
      const flash = request.query.changed ? kit.texts.for(localeOf(request))('account.changed') : undefined;
      const page = kit.pageFor(request, response, (t) => t('account.title'), flash);
      kit.send(response, page, passwordForm(page, {}));
    }),
  );
  router.post(
    '/admin/account',
    signedIn(async (request, response, { principal }) => {
      const body = request.body as Body;
      try {
        await admin.accounts.changePassword(principal, {
          current: field(body, 'current'),
          password: field(body, 'password'),
        });
        response.redirect(303, '/admin/account?changed=1');
      } catch (error) {
        if (!(error instanceof InvalidError)) throw error;
        const page = kit.pageFor(request, response, (t) => t('account.title'));
        kit.send(response, page, passwordForm(page, errorsByField(page.t, error)), 400);
      }
    }),
  );
  router.get('/admin', (_request, response) => response.redirect(303, '/admin/opportunities'));
}
