/** The JSON API under /api/admin: the same operations as the dashboard, with a bearer token. */
import express, {
  type ErrorRequestHandler,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import type { Opportunity, Question } from '../domain/model';
import type { AdminAuth } from './auth';
import { signupsCsv, statsCsv } from './csv';
import { ForbiddenError, InvalidError, NotFoundError } from './errors';
import type { Admin } from './features';
import { parseInput, statusInput } from './inputs';
import type { Principal } from './principal';

export const ADMIN_API = '/api/admin';

type Handler = (request: Request, response: Response, principal: Principal) => Promise<unknown>;

/** Runs a handler with the principal; what it returns is the JSON answer (201 for `created`). */
const route =
  (handler: Handler, created = false): RequestHandler =>
  async (request, response, next) => {
    try {
      const result = await handler(request, response, response.locals.principal as Principal);
      if (!response.headersSent) response.status(created ? 201 : 200).json(result);
    } catch (error) {
      next(error);
    }
  };
const create = (handler: Handler) => route(handler, true);

const param = (request: Request, name: string): string => String(request.params[name]);
/** The JSON body; a missing one reads as empty, and the schemas say what is missing. */
const bodyOf = (request: Request): Record<string, unknown> => {
  const body: unknown = request.body;
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
};
const queryText = (request: Request, name: string) =>
  typeof request.query[name] === 'string' ? request.query[name] : undefined;

export const adminErrors: ErrorRequestHandler = (error, _request, response, next) => {
  if (error instanceof NotFoundError) response.status(404).json({ error: error.message });
  else if (error instanceof ForbiddenError) response.status(403).json({ error: error.message });
  else if (error instanceof InvalidError) response.status(400).json({ error: error.message, errors: error.errors });
  else next(error);
};

export function adminApiRouter(admin: Admin, auth: AdminAuth): Router {
  const router = express.Router();
  const at = (path: string) => `${ADMIN_API}${path}`;
  const withLinks = (opportunity: Opportunity) => ({ ...opportunity, links: admin.opportunities.links(opportunity) });
  router.use(ADMIN_API, express.json({ limit: '256kb' }), auth.api());

  router.get(
    at('/me'),
    route(async (_request, _response, principal) => principal),
  );

  // ── organisations and accounts ─────────────────────────────────────────────────────────────
  router.get(
    at('/organisations'),
    route((_request, _response, who) => admin.organisations.list(who)),
  );
  router.post(
    at('/organisations'),
    create((request, _response, who) => admin.organisations.create(who, bodyOf(request))),
  );
  router.patch(
    at('/organisations/:id/publishing'),
    route((request, _response, who) =>
      admin.organisations.updatePublishing(who, param(request, 'id'), bodyOf(request)),
    ),
  );
  router.get(
    at('/accounts'),
    route((_request, _response, who) => admin.accounts.list(who)),
  );
  router.post(
    at('/accounts'),
    create((request, _response, who) => admin.accounts.create(who, bodyOf(request))),
  );
  // An administrator issues an account's API token (shown once; a new one replaces the old).
  router.post(
    at('/accounts/:id/token'),
    create(async (request, _response, who) => ({
      token: await admin.accounts.issueApiToken(who, param(request, 'id')),
    })),
  );
  // A new API token for the caller's own account, shown once.
  router.post(
    at('/tokens'),
    create(async (_request, _response, who) => ({ token: await admin.accounts.ownApiToken(who) })),
  );

  // ── opportunities, sign-ups, statistics ────────────────────────────────────────────────────
  router.get(
    at('/opportunities'),
    route(async (request, _response, who) => {
      const status = queryText(request, 'status');
      const list = await admin.opportunities.list(
        who,
        status === undefined ? undefined : parseInput(statusInput, status, 'status'),
      );
      return list.map(withLinks);
    }),
  );
  router.post(
    at('/opportunities'),
    create(async (request, _response, who) => withLinks(await admin.opportunities.create(who, bodyOf(request)))),
  );
  router.get(
    at('/opportunities/:id'),
    route(async (request, _response, who) => withLinks(await admin.opportunities.get(who, param(request, 'id')))),
  );
  router.patch(
    at('/opportunities/:id'),
    route(async (request, _response, who) =>
      withLinks(await admin.opportunities.update(who, param(request, 'id'), bodyOf(request))),
    ),
  );
  router.post(
    at('/opportunities/:id/duplicate'),
    create(async (request, _response, who) =>
      withLinks(await admin.opportunities.duplicate(who, param(request, 'id'))),
    ),
  );
  router.get(
    at('/opportunities/:id/signups'),
    route(async (request, response, who) => {
      const signups = await admin.opportunities.signups(who, param(request, 'id'));
      if (request.query.format !== 'csv') return signups;
      response
        .type('text/csv')
        .attachment(`signups-${param(request, 'id')}.csv`)
        .send(signupsCsv(signups));
      return undefined;
    }),
  );
  router.get(
    at('/opportunities/:id/stats'),
    route(async (request, response, who) => {
      const stats = await admin.statistics.forOpportunity(who, param(request, 'id'));
      if (request.query.format !== 'csv') return stats;
      response
        .type('text/csv')
        .attachment(`stats-${param(request, 'id')}.csv`)
        .send(statsCsv(stats.byDay));
      return undefined;
    }),
  );
  router.patch(
    at('/signups/:id'),
    route((request, _response, who) => admin.opportunities.setAttendance(who, param(request, 'id'), bodyOf(request))),
  );

  // ── broadcasts ─────────────────────────────────────────────────────────────────────────────
  router.post(
    at('/audience'),
    route((request, _response, who) => {
      const body = bodyOf(request);
      // `{ audience, organisationId }`, or the audience's fields at the top (older clients).
      const query = 'audience' in body ? body : { audience: body };
      return admin.audience.size(who, query);
    }),
  );
  router.get(
    at('/broadcasts'),
    route((_request, _response, who) => admin.broadcasts.list(who)),
  );
  router.post(
    at('/broadcasts'),
    create(async (request, _response, who) => {
      const broadcast = await admin.broadcasts.create(who, bodyOf(request));
      return admin.broadcastReports.report(who, broadcast.id);
    }),
  );
  router.post(
    at('/broadcasts/test'),
    route(async (request, _response, who) => ({ result: await admin.broadcasts.sendTest(who, bodyOf(request)) })),
  );
  router.get(
    at('/broadcasts/:id'),
    route((request, _response, who) => admin.broadcastReports.report(who, param(request, 'id'))),
  );
  router.post(
    at('/broadcasts/:id/cancel'),
    route(async (request, _response, who) => {
      await admin.broadcasts.cancel(who, param(request, 'id'));
      return admin.broadcastReports.report(who, param(request, 'id'));
    }),
  );

  // ── questions ──────────────────────────────────────────────────────────────────────────────
  router.get(
    at('/questions'),
    route((request, _response, who) => {
      const status = queryText(request, 'status');
      const wanted: Question['status'] | undefined = status === 'open' || status === 'answered' ? status : undefined;
      return admin.questions.list(who, wanted);
    }),
  );
  router.post(
    at('/questions/:id/answer'),
    route((request, _response, who) => admin.questions.answer(who, param(request, 'id'), bodyOf(request))),
  );

  router.use(ADMIN_API, adminErrors);
  return router;
}
