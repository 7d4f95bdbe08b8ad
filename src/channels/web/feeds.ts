/**
 * Feeds for associations' websites and other networks: every published opportunity as an
 * iCalendar subscription (RFC 5545; the dated ones) and as an Atom feed (RFC 4287), for the whole
 * network or one association, each entry linking to the opportunity's public page.
 */
import express, { type Request, type Router } from 'express';
import { buildFeedIcs } from '../../domain/calendar';
import { DEFAULT_LOCALE, localise, type Locale, type Opportunity } from '../../domain/model';
import type { Store } from '../../domain/ports';
import { escapeMarkup } from '../../domain/text';
import type { Translator } from '../../engine/i18n';

export interface FeedOptions {
  store: Pick<Store, 'opportunities' | 'organisations'>;
  translator: Translator;
  publicUrl: string;
  clock: () => Date;
}

const FEED_SIZE = 500;

export function feedsRouter(options: FeedOptions): Router {
  const router = express.Router();
  const { store, translator, publicUrl } = options;
  const localeOf = (request: Request): Locale => {
    const asked = typeof request.query.lang === 'string' ? request.query.lang : request.acceptsLanguages('fr', 'en');
    return translator.fromHint(asked || undefined) ?? DEFAULT_LOCALE;
  };
  const pageOf = (opportunity: Opportunity) => `${publicUrl}/o/${opportunity.id}`;

  /** The published opportunities not over yet, of one association or all; undefined for an unknown one. */
  const listed = async (organisationId: string | undefined) => {
    const names = new Map((await store.organisations.list()).map((o) => [o.id, o]));
    if (organisationId !== undefined && (!names.has(organisationId) || names.get(organisationId)!.removedAt))
      return undefined;
    const page = await store.opportunities.search({
      status: 'published',
      ...(organisationId ? { organisationId } : {}),
      notEndedBefore: options.clock().toISOString(),
      limit: FEED_SIZE,
    });
    const nameOfId = (id: string) => names.get(id)?.name ?? '';
    return { opportunities: page.items, nameOf: (o: Opportunity) => nameOfId(o.organisationId), nameOfId };
  };

  const calendar = async (request: Request, organisationId?: string) => {
    const found = await listed(organisationId);
    if (!found) return undefined;
    const locale = localeOf(request);
    const name = organisationId ? found.nameOfId(organisationId) : translator.t(locale, 'page.site');
    return buildFeedIcs(found.opportunities, {
      locale,
      now: options.clock(),
      name,
      organisationName: found.nameOf,
      url: pageOf,
    });
  };

  const atom = async (request: Request, self: string, organisationId?: string) => {
    const found = await listed(organisationId);
    if (!found) return undefined;
    const locale = localeOf(request);
    const title = organisationId ? found.nameOfId(organisationId) : translator.t(locale, 'page.site');
    const updated = found.opportunities.reduce(
      (latest, o) => (o.updatedAt > latest ? o.updatedAt : latest),
      '1970-01-01T00:00:00.000Z',
    );
    const entries = found.opportunities.map(
      (o) => `<entry>
<id>${escapeMarkup(pageOf(o))}</id>
<title>${escapeMarkup(localise(o.title, locale))}</title>
<updated>${escapeMarkup(o.updatedAt)}</updated>
<published>${escapeMarkup(o.createdAt)}</published>
<author><name>${escapeMarkup(found.nameOf(o) || title)}</name></author>
<link rel="alternate" type="text/html" href="${escapeMarkup(pageOf(o))}"/>
<summary>${escapeMarkup(localise(o.summary, locale))}</summary>
</entry>`,
    );
    return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${locale}">
<id>${escapeMarkup(self)}</id>
<title>${escapeMarkup(title)}</title>
<updated>${escapeMarkup(updated)}</updated>
<link rel="self" type="application/atom+xml" href="${escapeMarkup(self)}"/>
<link rel="alternate" type="text/html" href="${escapeMarkup(`${publicUrl}/chat`)}"/>
<author><name>${escapeMarkup(title)}</name></author>
${entries.join('\n')}
</feed>
`;
  };

  const send = (response: express.Response, type: string, body: string | undefined) => {
    if (body === undefined) {
      response.status(404).json({ error: 'no association with this id' });
      return;
    }
    response.set('Cache-Control', 'public, max-age=600').type(type).send(body);
  };
  const ics = 'text/calendar; charset=utf-8';
  const feed = 'application/atom+xml; charset=utf-8';
  router.get('/calendar.ics', async (request, response, next) => {
    try {
      send(response, ics, await calendar(request));
    } catch (error) {
      next(error);
    }
  });
  router.get('/associations/:id/calendar.ics', async (request, response, next) => {
    try {
      send(response, ics, await calendar(request, String(request.params.id)));
    } catch (error) {
      next(error);
    }
  });
  router.get('/feed.xml', async (request, response, next) => {
    try {
      send(response, feed, await atom(request, `${publicUrl}/feed.xml`));
    } catch (error) {
      next(error);
    }
  });
  router.get('/associations/:id/feed.xml', async (request, response, next) => {
    try {
      const id = String(request.params.id);
      send(response, feed, await atom(request, `${publicUrl}/associations/${id}/feed.xml`, id));
    } catch (error) {
      next(error);
    }
  });
  return router;
}
