/**
 * The JSON API under /api/admin: the same operations as the dashboard, with a bearer token. Every
 * route is declared once, in a table: express serves it and `/api/admin/openapi.json` describes it,
 * with the same schemas that check the requests.
 */
import { refuseDeepJson } from '../util/bounded-json';
import express, { type ErrorRequestHandler, type Request, type Router } from 'express';
import type { Opportunity, Question } from '../domain/model';
import type { AdminAuth } from './auth';
import { signupsCsv, statsCsv } from './csv';
import { ConflictError, ForbiddenError, InvalidError, NotFoundError } from './errors';
import type { Admin } from './features';
import { submissionFor } from './features/broadcasts';
import {
  answerInput,
  attendanceInput,
  audienceQueryInput,
  broadcastInput,
  broadcastTestInput,
  parseInput,
  statusInput,
} from './inputs';
import { bodyOf, param, queryText, type ApiEntry } from './api-kit';
import { accountRoutes } from './api-accounts';
import { describeApi } from './openapi';
import { opportunityBodySchema } from './opportunity-input';
import type { Principal } from './principal';

export const ADMIN_API = '/api/admin';

export const adminErrors: ErrorRequestHandler = (error, _request, response, next) => {
  if (error instanceof NotFoundError) response.status(404).json({ error: error.message });
  else if (error instanceof ForbiddenError) response.status(403).json({ error: error.message });
  else if (error instanceof ConflictError) response.status(409).json({ error: error.message });
  else if (error instanceof InvalidError) response.status(400).json({ error: error.message, errors: error.errors });
  else next(error);
};

/** Every operation of the API; `handle` returns the JSON answer (or sends a file itself). */
function routes(admin: Admin, timezone: string): ApiEntry[] {
  const withLinks = (opportunity: Opportunity) => ({ ...opportunity, links: admin.opportunities.links(opportunity) });
  const csvOr = (request: Request) => request.query.format === 'csv';
  return [
    { method: 'get', path: '/me', summary: 'Who the token belongs to', handle: async (_q, _r, who) => who },
    ...accountRoutes(admin),
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
      path: '/opportunities/:id/announce',
      summary: "Announce a published opportunity again on the association's Telegram channel and Facebook Page",
      handle: async (q, _r, who) => withLinks(await admin.opportunities.announce(who, param(q, 'id'))),
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
      headers: {
        'Idempotency-Key':
          'Any text up to 255 characters, chosen by the client: the same key from the same account makes ' +
          'one broadcast, so a request retried after a lost answer never sends the message twice.',
      },
      created: true,
      handle: async (q, _r, who) => {
        const broadcast = await admin.broadcasts.create(who, bodyOf(q), submissionFor(who, q.get('Idempotency-Key')));
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
