/**
 * The JSON API under /api/admin: the same operations as the dashboard, with a bearer token. Every
 * route is declared once, in a table: express serves it and `/api/admin/openapi.json` describes it,
 * with the same schemas that check the requests.
 */
import { refuseDeepJson } from '../util/bounded-json';
import express, { type ErrorRequestHandler, type Request, type Response, type Router } from 'express';
import type { Opportunity, Question } from '../domain/model';
import type { AdminAuth } from './auth';
import { signupsCsv, statsCsv } from './csv';
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from './errors';
import type { Admin } from './features';
import {
  accountInput,
  answerInput,
  attendanceInput,
  audienceQueryInput,
  broadcastInput,
  broadcastTestInput,
  organisationInput,
  parseInput,
  publishingInput,
  statusInput,
} from './inputs';
import { describeApi, type ApiRoute } from './openapi';
import { opportunityBodySchema } from './opportunity-input';
import type { Principal } from './principal';

export const ADMIN_API = '/api/admin';

type Handle = (request: Request, response: Response, principal: Principal) => Promise<unknown>;

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
  else if (error instanceof ConflictError) response.status(409).json({ error: error.message });
  else if (error instanceof InvalidError) response.status(400).json({ error: error.message, errors: error.errors });
  else next(error);
};

/** Every operation of the API; `handle` returns the JSON answer (or sends a file itself). */
function routes(admin: Admin, timezone: string): Array<ApiRoute & { handle: Handle }> {
  const withLinks = (opportunity: Opportunity) => ({ ...opportunity, links: admin.opportunities.links(opportunity) });
  const csvOr = (request: Request) => request.query.format === 'csv';
  return [
    { method: 'get', path: '/me', summary: 'Who the token belongs to', handle: async (_q, _r, who) => who },
    {
      method: 'get',
      path: '/organisations',
      summary: 'The associations the caller may see (an administrator: all)',
      handle: (_q, _r, who) => admin.organisations.list(who),
    },
    {
      method: 'post',
      path: '/organisations',
      summary: 'Add an association (administrators)',
      body: organisationInput,
      created: true,
      handle: (q, _r, who) => admin.organisations.create(who, bodyOf(q)),
    },
    {
      method: 'patch',
      path: '/organisations/:id',
      summary: 'Rename an association, or change its website (administrators)',
      body: organisationInput,
      handle: (q, _r, who) => admin.organisations.rename(who, param(q, 'id'), bodyOf(q)),
    },
    {
      method: 'delete',
      path: '/organisations/:id',
      summary:
        'Remove an association with no published opportunity and no broadcast on its way; its coordinators are ' +
        'signed out for good (administrators)',
      handle: async (q, _r, who) => {
        await admin.organisations.remove(who, param(q, 'id'));
        return { removed: true };
      },
    },
    {
      method: 'patch',
      path: '/organisations/:id/publishing',
      summary: "Where the association's published opportunities are also posted",
      body: publishingInput,
      handle: (q, _r, who) => admin.organisations.updatePublishing(who, param(q, 'id'), bodyOf(q)),
    },
    {
      method: 'get',
      path: '/accounts',
      summary: 'Every account (administrators)',
      handle: (_q, _r, who) => admin.accounts.list(who),
    },
    {
      method: 'post',
      path: '/accounts',
      summary: 'Create an account (administrators)',
      body: accountInput,
      created: true,
      handle: (q, _r, who) => admin.accounts.create(who, bodyOf(q)),
    },
    {
      method: 'post',
      path: '/accounts/:id/token',
      summary: "Issue an account's API token, shown once (administrators)",
      created: true,
      handle: async (q, _r, who) => ({ token: await admin.accounts.issueApiToken(who, param(q, 'id')) }),
    },
    {
      method: 'post',
      path: '/accounts/:id/password',
      summary: 'Give an account a provisional password, shown once, and end all its sessions (administrators)',
      handle: async (q, _r, who) => ({ password: await admin.accounts.resetPassword(who, param(q, 'id')) }),
    },
    {
      method: 'post',
      path: '/tokens',
      summary: "A new API token for the caller's own account, shown once",
      created: true,
      handle: async (_q, _r, who) => ({ token: await admin.accounts.ownApiToken(who) }),
    },
    {
      method: 'get',
      path: '/opportunities',
      summary: 'Opportunities, newest change first, with their share links',
      query: { status: 'draft, published or archived' },
      handle: async (q, _r, who) => {
        const status = queryText(q, 'status');
        const wanted = status === undefined ? undefined : parseInput(statusInput, status, 'status');
        return (await admin.opportunities.list(who, wanted)).map(withLinks);
      },
    },
    {
      method: 'post',
      path: '/opportunities',
      summary: 'Create an opportunity (a draft unless `status` says published)',
      body: opportunityBodySchema,
      created: true,
      handle: async (q, _r, who) => withLinks(await admin.opportunities.create(who, bodyOf(q))),
    },
    {
      method: 'get',
      path: '/opportunities/:id',
      summary: 'One opportunity, with its share links',
      handle: async (q, _r, who) => withLinks(await admin.opportunities.get(who, param(q, 'id'))),
    },
    {
      method: 'patch',
      path: '/opportunities/:id',
      summary: 'Change an opportunity (those signed up are told of a move or a cancellation)',
      body: opportunityBodySchema,
      handle: async (q, _r, who) => withLinks(await admin.opportunities.update(who, param(q, 'id'), bodyOf(q))),
    },
    {
      method: 'post',
      path: '/opportunities/:id/duplicate',
      summary: 'Copy an opportunity as a new draft',
      created: true,
      handle: async (q, _r, who) => withLinks(await admin.opportunities.duplicate(who, param(q, 'id'))),
    },
    {
      method: 'get',
      path: '/opportunities/:id/signups',
      summary: 'Who signed up (JSON, or CSV with format=csv)',
      query: { format: 'csv for a spreadsheet file' },
      handle: async (q, r, who) => {
        const signups = await admin.opportunities.signups(who, param(q, 'id'));
        if (!csvOr(q)) return signups;
        r.type('text/csv')
          .attachment(`signups-${param(q, 'id')}.csv`)
          .send(signupsCsv(signups, timezone));
        return undefined;
      },
    },
    {
      method: 'get',
      path: '/opportunities/:id/stats',
      summary: 'What the opportunity brought, per channel and per day (JSON, or CSV with format=csv)',
      query: { format: 'csv for a spreadsheet file' },
      handle: async (q, r, who) => {
        const stats = await admin.statistics.forOpportunity(who, param(q, 'id'));
        if (!csvOr(q)) return stats;
        r.type('text/csv')
          .attachment(`stats-${param(q, 'id')}.csv`)
          .send(statsCsv(stats.byDay));
        return undefined;
      },
    },
    {
      method: 'patch',
      path: '/signups/:id',
      summary: 'Whether the person came',
      body: attendanceInput,
      handle: (q, _r, who) => admin.opportunities.setAttendance(who, param(q, 'id'), bodyOf(q)),
    },
    {
      method: 'post',
      path: '/audience',
      summary: 'How many people an audience reaches, per channel, and who is left out',
      body: audienceQueryInput,
      handle: (q, _r, who) => {
        const body = bodyOf(q);
        // `{ audience, organisationId }`, or the audience's fields at the top (older clients).
        return admin.audience.size(who, 'audience' in body ? body : { audience: body });
      },
    },
    {
      method: 'get',
      path: '/broadcasts',
      summary: 'Broadcasts, newest first',
      handle: (_q, _r, who) => admin.broadcasts.list(who),
    },
    {
      method: 'post',
      path: '/broadcasts',
      summary: 'Send or schedule a broadcast; answers with its report',
      body: broadcastInput,
      created: true,
      handle: async (q, _r, who) => {
        const broadcast = await admin.broadcasts.create(who, bodyOf(q));
        return admin.broadcastReports.report(who, broadcast.id);
      },
    },
    {
      method: 'post',
      path: '/broadcasts/test',
      summary: "Send the broadcast as it will look to the caller's own linked chat",
      body: broadcastTestInput,
      handle: async (q, _r, who) => ({ result: await admin.broadcasts.sendTest(who, bodyOf(q)) }),
    },
    {
      method: 'get',
      path: '/broadcasts/:id',
      summary: "A broadcast's progress, results per channel and outcome",
      handle: (q, _r, who) => admin.broadcastReports.report(who, param(q, 'id')),
    },
    {
      method: 'put',
      path: '/broadcasts/:id',
      summary: 'Change a broadcast that has not started (words, card, media, audience, time); 409 once it has',
      body: broadcastInput,
      handle: async (q, _r, who) => {
        await admin.broadcasts.update(who, param(q, 'id'), bodyOf(q));
        return admin.broadcastReports.report(who, param(q, 'id'));
      },
    },
    {
      method: 'post',
      path: '/broadcasts/:id/cancel',
      summary: 'Stop what was not sent yet',
      handle: async (q, _r, who) => {
        await admin.broadcasts.cancel(who, param(q, 'id'));
        return admin.broadcastReports.report(who, param(q, 'id'));
      },
    },
    {
      method: 'get',
      path: '/questions',
      summary: 'Questions people asked, with whether an answer can still reach them',
      query: { status: 'open or answered' },
      handle: (q, _r, who) => {
        const status = queryText(q, 'status');
        const wanted: Question['status'] | undefined = status === 'open' || status === 'answered' ? status : undefined;
        return admin.questions.list(who, wanted);
      },
    },
    {
      method: 'post',
      path: '/questions/:id/answer',
      summary: 'Answer a question; the answer goes to the person on their channel',
      body: answerInput,
      handle: (q, _r, who) => admin.questions.answer(who, param(q, 'id'), bodyOf(q)),
    },
  ];
}

/** `timezone`: the bot's; exported times carry its offset. */
export function adminApiRouter(admin: Admin, auth: AdminAuth, timezone: string): Router {
  const router = express.Router();
  const table = routes(admin, timezone);
  const description = describeApi(ADMIN_API, table);
  // The description is public: it says what may be asked, never anything stored.
  router.get(`${ADMIN_API}/openapi.json`, (_request, response) => {
    response.json(description);
  });
  router.use(ADMIN_API, express.json({ limit: '256kb', verify: refuseDeepJson() }), auth.api());
  for (const { method, path, created, handle } of table) {
    router[method](`${ADMIN_API}${path}`, async (request, response, next) => {
      try {
        const result = await handle(request, response, response.locals.principal as Principal);
        if (!response.headersSent) response.status(created ? 201 : 200).json(result);
      } catch (error) {
        next(error);
      }
    });
  }
  router.use(ADMIN_API, adminErrors);
  return router;
}
