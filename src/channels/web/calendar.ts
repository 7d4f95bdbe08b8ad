/** `/calendar/<opportunity>.ics`: the add-to-calendar link every channel offers after a sign-up. */
import express, { type Router } from 'express';
import { buildIcs } from '../../domain/calendar';
import { DEFAULT_LOCALE, localise } from '../../domain/model';
import type { Store } from '../../domain/ports';
import type { Translator } from '../../engine/i18n';

export interface CalendarRouteOptions {
  store: Pick<Store, 'opportunities' | 'organisations'>;
  translator: Translator;
  alarmsMinutesBefore: number[];
  publicUrl: string;
  clock: () => Date;
}

export function calendarRouter(options: CalendarRouteOptions): Router {
  const router = express.Router();
  router.get('/calendar/:file', async (request, response, next) => {
    try {
      const match = /^([A-Za-z0-9_-]{1,64})\.ics$/.exec(request.params.file);
      const opportunity = match ? await options.store.opportunities.get(match[1]) : undefined;
      if (!opportunity || opportunity.status !== 'published') {
        response.status(404).json({ error: 'no published opportunity with this id' });
        return;
      }
      const hint =
        typeof request.query.lang === 'string' ? request.query.lang : request.acceptsLanguages('fr', 'en') || undefined;
      const locale = options.translator.fromHint(hint) ?? DEFAULT_LOCALE;
      const organisation = await options.store.organisations.get(opportunity.organisationId);
      const ics = buildIcs(opportunity, {
        locale,
        organisationName: organisation?.name,
        alarmsMinutesBefore: options.alarmsMinutesBefore,
        alarmText: options.translator.t(locale, 'calendar.reminder', { title: localise(opportunity.title, locale) }),
        now: options.clock(),
        url: `${options.publicUrl}/chat`,
      });
      if (!ics) {
        response.status(404).json({ error: 'this opportunity has no date' });
        return;
      }
      response.type('text/calendar; charset=utf-8').attachment(`${opportunity.id}.ics`).send(ics);
    } catch (error) {
      next(error);
    }
  });
  return router;
}
