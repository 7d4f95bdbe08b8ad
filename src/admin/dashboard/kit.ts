/** What every dashboard page shares: the language, the page frame, and how refusals are shown. */
import type { Request, RequestHandler, Response } from 'express';
import { isLocale, LOCALES, type Locale } from '../../domain/model';
import type { DashboardLocals } from '../auth';
import { ForbiddenError, InvalidError, NotFoundError } from '../errors';
import type { Admin } from '../features';
import type { AdminTexts } from '../i18n';
import { html, layout, type Html, type Page } from './html';

export const LANGUAGE_COOKIE = 'mobot_admin_lang';

export type Body = Record<string, string | string[] | undefined>;

const CONTENT_SECURITY_POLICY =
  "default-src 'self'; img-src 'self' https: data:; style-src 'self'; script-src 'self'; " +
  "frame-ancestors 'none'; form-action 'self'";

export interface DashboardKit {
  admin: Admin;
  texts: AdminTexts;
  timezone: string;
  clock: () => Date;
  localeOf: (request: Request) => Locale;
  pageFor: (request: Request, response: Response, title: (t: Page['t']) => string, flash?: string) => Page;
  send: (response: Response, page: Page, body: Html, status?: number) => void;
  /** Runs a signed-in page; unknown or other organisations' records are 404, refusals 403. */
  signedIn: (
    handler: (request: Request, response: Response, locals: DashboardLocals) => Promise<void>,
  ) => RequestHandler;
  /** The `:id` of the route. */
  id: (request: Request) => string;
}

export function dashboardKit(admin: Admin, texts: AdminTexts, timezone: string, clock: () => Date): DashboardKit {
  const localeOf = (request: Request): Locale => {
    const chosen = request.get('cookie')?.match(new RegExp(`${LANGUAGE_COOKIE}=(\\w+)`))?.[1];
    return isLocale(chosen) ? chosen : ((request.acceptsLanguages(...LOCALES) || 'fr') as Locale);
  };
  const pageFor: DashboardKit['pageFor'] = (request, response, title, flash) => {
    const locale = localeOf(request);
    const t = texts.for(locale);
    const { principal, session } = response.locals as Partial<DashboardLocals>;
    return {
      t,
      locale,
      timezone,
      title: title(t),
      ...(principal && session
        ? {
            user: { name: principal.name, csrf: session.csrf, admin: principal.role === 'admin' },
            channels: admin.liveChannels(),
          }
        : {}),
      ...(flash ? { flash } : {}),
    };
  };
  const send: DashboardKit['send'] = (response, page, body, status = 200) => {
    response
      .status(status)
      .set('Content-Security-Policy', CONTENT_SECURITY_POLICY)
      .set('Cache-Control', 'no-store')
      .type('html')
      .send(layout(page, body));
  };
  const signedIn: DashboardKit['signedIn'] = (handler) => async (request, response, next) => {
    try {
      await handler(request, response, response.locals as DashboardLocals);
    } catch (error) {
      if (error instanceof InvalidError) {
        response.status(400).type('text/plain').send(error.message);
        return;
      }
      if (error instanceof NotFoundError || error instanceof ForbiddenError) {
        const page = pageFor(request, response, () => error.message);
        const status = error instanceof NotFoundError ? 404 : 403;
        send(
          response,
          page,
          html`<p><a href="/admin/opportunities">${page.t('app.nav_opportunities')}</a></p>`,
          status,
        );
        return;
      }
      next(error);
    }
  };
  return {
    admin,
    texts,
    timezone,
    clock,
    localeOf,
    pageFor,
    send,
    signedIn,
    id: (request) => String(request.params.id),
  };
}

/** Only our own pages: a crafted `next` or Referer cannot send the coordinator elsewhere. */
export function ownPage(target: string | undefined): string {
  return target && /^\/admin\/[^/\\]/.test(target) ? target : '/admin/opportunities';
}

/** The dashboard's label for a field the API names, to say which one was refused. */
const FIELD_LABELS: Record<string, string> = {
  email: 'login.email',
  password: 'login.password',
  name: 'organisation.name',
  website: 'organisation.website',
  organisationId: 'organisation.organisation',
};

/** "E-mail address: This value is not valid." for each refused field, in the page's language. */
export function errorSummary(t: Page['t'], error: InvalidError, labels: Record<string, string> = {}): string {
  return error.errors
    .map((refused) => {
      const label = labels[refused.field] ?? FIELD_LABELS[refused.field];
      return `${label ? t(label) : refused.field} : ${t(`errors.${refused.code}`)}`;
    })
    .join(' ');
}

/** Each refused field's message, in the page's language, by field name (shown next to the field). */
export function errorsByField(t: Page['t'], error: InvalidError): Record<string, string> {
  return Object.fromEntries(error.errors.map((refused) => [refused.field, t(`errors.${refused.code}`)]));
}

/** A form's field as one string (a repeated field keeps its first value). */
export function field(body: Body, name: string): string {
  const value = body[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
}
