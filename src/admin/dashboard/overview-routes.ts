/** The association overview page: coordinators see their own; administrators pick one. */
import type { Router } from 'express';
import { OVERVIEW_PERIODS, type OverviewPeriod } from '../features';
import type { DashboardKit } from './kit';
import { organisationChoicesFor } from './opportunity-routes';
import { overviewPage } from './overview-views';

export function overviewRoutes(router: Router, kit: DashboardKit): void {
  const { admin, pageFor, send, signedIn } = kit;
  router.get(
    '/admin/overview',
    signedIn(async (request, response, { principal }) => {
      const page = pageFor(request, response, (t) => t('overview.title'));
      const asked = Number(request.query.days);
      const days: OverviewPeriod = OVERVIEW_PERIODS.find((period) => period === asked) ?? 30;
      const organisations = await organisationChoicesFor(admin, principal);
      const wanted = typeof request.query.id === 'string' ? request.query.id : undefined;
      const organisationId = principal.organisationId ?? wanted ?? organisations?.[0]?.[0];
      const overview = organisationId
        ? await admin.overview.forOrganisation(principal, organisationId, days)
        : undefined;
      send(response, page, overviewPage(page, overview, organisations));
    }),
  );
}
