/**
 * The coordinators' dashboard at /admin: server-rendered pages that work without script (a small
 * script only refreshes a broadcast's progress), a session cookie, a CSRF token on every form, and
 * every page in French or English. One file of routes per feature.
 */
import path from 'node:path';
import express, { type Router } from 'express';
import type { AdminAuth } from '../auth';
import type { Admin } from '../features';
import type { AdminTexts } from '../i18n';
import { broadcastRoutes } from './broadcast-routes';
import { dashboardKit } from './kit';
import { opportunityRoutes } from './opportunity-routes';
import { organisationRoutes } from './organisation-routes';
import { overviewRoutes } from './overview-routes';
import { mediaRoutes, uploadReader } from './media-routes';
import { questionRoutes } from './question-routes';
import { form, sessionRoutes, signInRoutes } from './session-routes';

export interface DashboardOptions {
  admin: Admin;
  auth: AdminAuth;
  texts: AdminTexts;
  publicDir: string;
  timezone: string;
  clock: () => Date;
  bootstrapToken?: string;
  /** A Telegram link opening the bot with a start parameter, when Telegram is configured. */
  telegramStartLink?: (parameter: string) => string;
}

export function dashboardRouter(options: DashboardOptions): Router {
  const router = express.Router();
  const kit = dashboardKit(options.admin, options.texts, options.timezone, options.clock);
  router.use('/admin/assets', express.static(options.publicDir, { index: false, maxAge: '1h' }));
  signInRoutes(router, kit, options.auth, options.bootstrapToken);
  // A file upload's fields are read before the CSRF check, for signed-in people only.
  router.post('/admin/media', uploadReader(options.auth));
  // Everything below needs a session (and a CSRF token on every POST).
  router.use('/admin', form, options.auth.dashboard());
  sessionRoutes(router, kit, options.auth);
  opportunityRoutes(router, kit);
  broadcastRoutes(router, kit);
  organisationRoutes(router, kit);
  overviewRoutes(router, kit);
  mediaRoutes(router, kit);
  questionRoutes(router, kit, options.telegramStartLink);
  return router;
}

export { ownPage } from './kit';

export const DASHBOARD_PUBLIC = (root: string) => path.join(root, 'src', 'admin', 'public');
