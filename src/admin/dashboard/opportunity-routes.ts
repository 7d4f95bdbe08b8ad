/** The opportunities' pages: list, create, edit, publish, copy, sign-ups, attendance, statistics. */
import type { Router } from 'express';
import { isOpportunityStatus, localise, SIGNUP_STATUSES } from '../../domain/model';
import { signupsCsv, statsCsv } from '../csv';
import { InvalidError } from '../errors';
import type { Admin } from '../features';
import type { Principal } from '../principal';
import { formValues, opportunityBody } from './forms';
import { filterOpportunities, opportunityFilters, opportunityList } from './opportunity-list';
import { listControls, listQuery, matches, pageOf, type ListFilter } from './list-controls';
import { html } from './html';
import type { Body, DashboardKit } from './kit';
import {
  opportunityActions,
  opportunityForm,
  preview,
  signupList,
  statusConfirmation,
  valuesOf,
} from './opportunity-views';
import { statsPage } from './stats-views';
import { announcementSection } from './announcement-views';

/** Administrators say which association a new opportunity belongs to; coordinators' is their own. */
export async function organisationChoicesFor(
  admin: Admin,
  principal: Principal,
): Promise<Array<[string, string]> | undefined> {
  if (principal.role !== 'admin') return undefined;
  return (await admin.organisations.list(principal)).map((o): [string, string] => [o.id, o.name]);
}

export function opportunityRoutes(router: Router, kit: DashboardKit): void {
  const { admin, pageFor, send, signedIn, id, localeOf, timezone } = kit;
  router.get(
    '/admin/opportunities',
    signedIn(async (request, response, { principal }) => {
      const page = pageFor(request, response, (t) => t('opportunities.title'));
      const values = listQuery(request, opportunityFilters(page));
      const all = await admin.opportunities.list(
        principal,
        isOpportunityStatus(values.status) ? values.status : undefined,
      );
      const list = pageOf(request, filterOpportunities(all, values, kit.clock()));
      const taken = await admin.opportunities.placesTaken(principal, list.shown);
      send(response, page, opportunityList(page, list, values, taken));
    }),
  );
  const organisationChoices = (principal: Principal) => organisationChoicesFor(admin, principal);
  router.get(
    '/admin/opportunities/new',
    signedIn(async (request, response, { principal }) => {
      const page = pageFor(request, response, (t) => t('opportunities.new'));
      send(
        response,
        page,
        opportunityForm(
          page,
          '/admin/opportunities',
          valuesOf(undefined, timezone),
          [],
          await organisationChoices(principal),
        ),
      );
    }),
  );
  router.post(
    '/admin/opportunities',
    signedIn(async (request, response, { principal }) => {
      const body = request.body as Body;
      try {
        const created = await admin.opportunities.create(principal, {
          ...opportunityBody(body, timezone),
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
      const opportunity = await admin.opportunities.get(principal, id(request));
      const refused = request.query.refused === 'in_the_past' ? 'opportunities.refused_in_the_past' : undefined;
      const flash = request.query.saved
        ? 'opportunities.saved'
        : request.query.published
          ? 'opportunities.published'
          : request.query.announced
            ? 'announcement.done'
            : refused;
      const page = pageFor(
        request,
        response,
        (t) => localise(opportunity.title, localeOf(request)) || t('opportunities.edit'),
      );
      const values = valuesOf(opportunity, timezone);
      const withFlash = flash ? { ...page, flash: page.t(flash) } : page;
      send(
        response,
        withFlash,
        html`${opportunityActions(page, opportunity, admin.opportunities.links(opportunity))}${announcementSection(
          page,
          opportunity,
          await admin.opportunities.announceable(opportunity),
        )}${opportunityForm(page, `/admin/opportunities/${opportunity.id}`, values, [])}${preview(page, opportunity)}`,
      );
    }),
  );
  router.post(
    '/admin/opportunities/:id',
    signedIn(async (request, response, { principal }) => {
      const body = request.body as Body;
      try {
        await admin.opportunities.update(principal, id(request), opportunityBody(body, timezone));
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
  router.get(
    '/admin/opportunities/:id/status',
    signedIn(async (request, response, { principal }) => {
      const opportunity = await admin.opportunities.get(principal, id(request));
      const to = request.query.to === 'archived' ? 'archived' : 'draft';
      const count = await admin.opportunities.peopleSignedUp(principal, opportunity.id);
      const page = pageFor(request, response, (t) => t(`opportunities.confirm_${to}_title`));
      send(response, page, statusConfirmation(page, opportunity, to, count));
    }),
  );
  router.post(
    '/admin/opportunities/:id/status',
    signedIn(async (request, response, { principal }) => {
      const to = typeof request.query.to === 'string' ? request.query.to : '';
      try {
        await admin.opportunities.setStatus(principal, id(request), to);
      } catch (error) {
        if (!(error instanceof InvalidError)) throw error;
        response.redirect(303, `/admin/opportunities/${id(request)}?refused=${error.errors[0].code}`);
        return;
      }
      response.redirect(303, `/admin/opportunities/${id(request)}${to === 'published' ? '?published=1' : '?saved=1'}`);
    }),
  );
  router.post(
    '/admin/opportunities/:id/announce',
    signedIn(async (request, response, { principal }) => {
      await admin.opportunities.announce(principal, id(request));
      response.redirect(303, `/admin/opportunities/${id(request)}?announced=1#announcement`);
    }),
  );
  router.post(
    '/admin/opportunities/:id/duplicate',
    signedIn(async (request, response, { principal }) => {
      const copy = await admin.opportunities.duplicate(principal, id(request));
      response.redirect(303, `/admin/opportunities/${copy.id}?saved=1`);
    }),
  );
  router.get(
    '/admin/opportunities/:id/signups',
    signedIn(async (request, response, { principal }) => {
      const opportunity = await admin.opportunities.get(principal, id(request));
      const page = pageFor(request, response, (t) =>
        t('signups.title', { title: localise(opportunity.title, localeOf(request)) }),
      );
      const filters: ListFilter[] = [
        { name: 'q', label: page.t('lists.search_name'), search: true },
        {
          name: 'status',
          label: page.t('lists.status'),
          any: page.t('lists.all'),
          choices: SIGNUP_STATUSES.filter((s) => s !== 'cancelled').map((s) => [s, page.t(`signups.status_${s}`)]),
        },
      ];
      const values = listQuery(request, filters);
      const signups = (await admin.opportunities.signups(principal, opportunity.id)).filter(
        (s) => (!values.status || s.status === values.status) && matches(values.q, [s.firstName]),
      );
      const list = pageOf(request, signups);
      const controls = listControls(page, `/admin/opportunities/${opportunity.id}/signups`, filters, values, list);
      send(response, page, signupList(page, opportunity, list.shown, controls));
    }),
  );
  router.get(
    '/admin/opportunities/:id/signups.csv',
    signedIn(async (request, response, { principal }) => {
      const signups = await admin.opportunities.signups(principal, id(request));
      response
        .type('text/csv')
        .attachment(`signups-${id(request)}.csv`)
        .send(signupsCsv(signups, timezone));
    }),
  );
  router.post(
    '/admin/signups/:id/attendance',
    signedIn(async (request, response, { principal }) => {
      const attended = request.query.attended === 'true';
      const signup = await admin.opportunities.setAttendance(principal, id(request), { attended });
      response.redirect(303, `/admin/opportunities/${signup.opportunityId}/signups`);
    }),
  );
  router.get(
    '/admin/opportunities/:id/stats',
    signedIn(async (request, response, { principal }) => {
      const stats = await admin.statistics.forOpportunity(principal, id(request));
      const page = pageFor(request, response, (t) =>
        t('stats.title', { title: localise(stats.opportunity.title, localeOf(request)) }),
      );
      send(response, page, statsPage(page, id(request), stats));
    }),
  );
  router.get(
    '/admin/opportunities/:id/stats.csv',
    signedIn(async (request, response, { principal }) => {
      const stats = await admin.statistics.forOpportunity(principal, id(request));
      response
        .type('text/csv')
        .attachment(`stats-${id(request)}.csv`)
        .send(statsCsv(stats.byDay));
    }),
  );
}
