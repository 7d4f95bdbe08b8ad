/** The JSON API under /api/admin: the same operations as the dashboard, with a bearer token. */
import express, {
  type ErrorRequestHandler,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from 'express';
import { ROLES, type Role } from '../domain/admin';
import { LOCALES, type Locale, type OpportunityStatus, type Question } from '../domain/model';
import type { AdminAuth } from './auth';
import { signupsCsv, statsCsv } from './csv';
import { ForbiddenError, InvalidError, NotFoundError } from './errors';
import { hashPassword, hashToken, newSecret } from './passwords';
import { parseAudience, type AdminService, type Principal } from './service';

export const ADMIN_API = '/api/admin';

type Handler = (request: Request, response: Response, principal: Principal) => Promise<unknown>;

/** Runs a handler with the principal; what it returns is the JSON answer. */
const route =
  (handler: Handler): RequestHandler =>
  async (request, response, next) => {
    try {
      const result = await handler(request, response, response.locals.principal as Principal);
      if (!response.headersSent) response.json(result);
    } catch (error) {
      next(error);
    }
  };

const param = (request: Request, name: string): string => String(request.params[name]);

export const adminErrors: ErrorRequestHandler = (error, _request, response, next) => {
  if (error instanceof NotFoundError) response.status(404).json({ error: error.message });
  else if (error instanceof ForbiddenError) response.status(403).json({ error: error.message });
  else if (error instanceof InvalidError) response.status(400).json({ error: error.message, errors: error.errors });
  else next(error);
};

export function adminApiRouter(service: AdminService, auth: AdminAuth): Router {
  const router = express.Router();
  router.use(ADMIN_API, express.json({ limit: '256kb' }), auth.api());

  router.get(
    `${ADMIN_API}/me`,
    route(async (_request, _response, principal) => principal),
  );

  router.get(
    `${ADMIN_API}/organisations`,
    route(async (_request, _response, principal) => service.listOrganisations(principal)),
  );
  router.post(
    `${ADMIN_API}/organisations`,
    route(async (request, response, principal) => {
      const organisation = await service.createOrganisation(principal, request.body ?? {});
      response.status(201);
      return organisation;
    }),
  );

  router.patch(
    `${ADMIN_API}/organisations/:id/publishing`,
    route(async (request, _response, principal) =>
      service.updatePublishing(principal, param(request, 'id'), request.body ?? {}),
    ),
  );

  router.get(
    `${ADMIN_API}/accounts`,
    route(async (_request, _response, principal) => service.listAccounts(principal)),
  );
  router.post(
    `${ADMIN_API}/accounts`,
    route(async (request, response, principal) => {
      const body = (request.body ?? {}) as Record<string, unknown>;
      const errors = [];
      if (typeof body.email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(body.email))
        errors.push({ field: 'email', code: 'invalid' as const, message: 'an e-mail address' });
      if (typeof body.password !== 'string' || body.password.length < 12)
        errors.push({ field: 'password', code: 'invalid' as const, message: 'at least 12 characters' });
      if (typeof body.name !== 'string' || !body.name.trim())
        errors.push({ field: 'name', code: 'required' as const, message: 'a name' });
      if (!(ROLES as readonly unknown[]).includes(body.role))
        errors.push({ field: 'role', code: 'invalid' as const, message: 'admin or coordinator' });
      if (errors.length > 0) throw new InvalidError(errors);
      const account = await service.createAccount(principal, {
        email: String(body.email),
        name: String(body.name).trim(),
        role: body.role as Role,
        ...(typeof body.organisationId === 'string' ? { organisationId: body.organisationId } : {}),
        passwordHash: await hashPassword(String(body.password)),
        locale: (LOCALES as readonly unknown[]).includes(body.locale) ? (body.locale as Locale) : 'fr',
      });
      response.status(201);
      return account;
    }),
  );

  // An administrator issues a coordinator's API token (shown once; a new one replaces the old).
  router.post(
    `${ADMIN_API}/accounts/:id/token`,
    route(async (request, response, principal) => {
      const token = newSecret(32);
      await service.issueApiToken(principal, param(request, 'id'), hashToken(token));
      response.status(201);
      return { token };
    }),
  );

  // A new API token for the caller's own account, shown once.
  router.post(
    `${ADMIN_API}/tokens`,
    route(async (_request, response, principal) => {
      if (principal.accountId === 'bootstrap')
        throw new ForbiddenError('ADMIN_TOKEN has no account: create one, then sign in to make its token');
      const token = newSecret(32);
      await service.setApiTokenHash(principal, hashToken(token));
      response.status(201);
      return { token };
    }),
  );

  router.get(
    `${ADMIN_API}/opportunities`,
    route(async (request, _response, principal) => {
      const status = typeof request.query.status === 'string' ? (request.query.status as OpportunityStatus) : undefined;
      return (await service.listOpportunities(principal, status)).map((opportunity) => ({
        ...opportunity,
        links: service.links(opportunity),
      }));
    }),
  );
  router.post(
    `${ADMIN_API}/opportunities`,
    route(async (request, response, principal) => {
      const opportunity = await service.createOpportunity(principal, request.body ?? {});
      response.status(201);
      return { ...opportunity, links: service.links(opportunity) };
    }),
  );
  router.get(
    `${ADMIN_API}/opportunities/:id`,
    route(async (request, _response, principal) => {
      const opportunity = await service.getOpportunity(principal, param(request, 'id'));
      return { ...opportunity, links: service.links(opportunity) };
    }),
  );
  router.patch(
    `${ADMIN_API}/opportunities/:id`,
    route(async (request, _response, principal) => {
      const opportunity = await service.updateOpportunity(principal, param(request, 'id'), request.body ?? {});
      return { ...opportunity, links: service.links(opportunity) };
    }),
  );
  router.post(
    `${ADMIN_API}/opportunities/:id/duplicate`,
    route(async (request, response, principal) => {
      const copy = await service.duplicate(principal, param(request, 'id'));
      response.status(201);
      return { ...copy, links: service.links(copy) };
    }),
  );
  router.get(
    `${ADMIN_API}/opportunities/:id/signups`,
    route(async (request, response, principal) => {
      const signups = await service.signups(principal, param(request, 'id'));
      if (request.query.format !== 'csv') return signups;
      response
        .type('text/csv')
        .attachment(`signups-${param(request, 'id')}.csv`)
        .send(signupsCsv(signups));
      return undefined;
    }),
  );
  router.get(
    `${ADMIN_API}/opportunities/:id/stats`,
    route(async (request, response, principal) => {
      const stats = await service.opportunityStats(principal, param(request, 'id'));
      if (request.query.format !== 'csv') return stats;
      response
        .type('text/csv')
        .attachment(`stats-${param(request, 'id')}.csv`)
        .send(statsCsv(stats.byDay));
      return undefined;
    }),
  );
  router.patch(
    `${ADMIN_API}/signups/:id`,
    route(async (request, _response, principal) => {
      if (typeof request.body?.attended !== 'boolean')
        throw new InvalidError([{ field: 'attended', code: 'required', message: 'true or false' }]);
      return service.setAttendance(principal, param(request, 'id'), request.body.attended);
    }),
  );

  router.post(
    `${ADMIN_API}/audience`,
    route(async (request, _response, principal) => {
      const audience = parseAudience(request.body?.audience ?? request.body);
      if (!audience)
        throw new InvalidError([
          { field: 'audience', code: 'invalid', message: 'region, theme, kind, locale, channel or history' },
        ]);
      return service.audienceSize(principal, audience, request.body?.organisationId);
    }),
  );
  router.get(
    `${ADMIN_API}/broadcasts`,
    route(async (_request, _response, principal) => service.listBroadcasts(principal)),
  );
  router.post(
    `${ADMIN_API}/broadcasts`,
    route(async (request, response, principal) => {
      const broadcast = await service.createBroadcast(principal, request.body ?? {});
      response.status(201);
      return service.broadcastReport(principal, broadcast.id);
    }),
  );
  router.post(
    `${ADMIN_API}/broadcasts/test`,
    route(async (request, _response, principal) => ({ result: await service.sendTest(principal, request.body ?? {}) })),
  );
  router.get(
    `${ADMIN_API}/broadcasts/:id`,
    route(async (request, _response, principal) => service.broadcastReport(principal, param(request, 'id'))),
  );
  router.post(
    `${ADMIN_API}/broadcasts/:id/cancel`,
    route(async (request, _response, principal) => {
      await service.cancelBroadcast(principal, param(request, 'id'));
      return service.broadcastReport(principal, param(request, 'id'));
    }),
  );

  router.get(
    `${ADMIN_API}/questions`,
    route(async (request, _response, principal) => {
      const status =
        request.query.status === 'open' || request.query.status === 'answered' ? request.query.status : undefined;
      return service.questions(principal, status);
    }),
  );
  router.post(
    `${ADMIN_API}/questions/:id/answer`,
    route(async (request, _response, principal) =>
      service.answerQuestion(principal, param(request, 'id'), String(request.body?.text ?? '')),
    ),
  );

  router.use(ADMIN_API, adminErrors);
  return router;
}
