/**
 * `GET /o/<opportunityId>`: an opportunity as a light public web page anyone can open from a shared
 * link (WhatsApp, Instagram, an e-mail), in the visitor's language. Open Graph and Twitter tags make
 * the link preview the opportunity itself; schema.org JSON-LD says what it is (an Event, or a
 * JobPosting for a placement). Buttons open the bot on each running channel, carrying the share
 * reference. No script, no cookie; a view is counted without anything about the visitor (page-views.ts).
 */
import express, { type Router } from 'express';
import { mediaKind } from '../../domain/media';
import { DEFAULT_LOCALE, localise, type ChannelName, type Locale, type Opportunity } from '../../domain/model';
import type { Store } from '../../domain/ports';
import { openRef, type Sharing } from '../../domain/share';
import { escapeMarkup } from '../../domain/text';
import type { Translator } from '../../engine/i18n';
import { formatWhen, formatWhere } from '../../engine/templates';
import type { PageViews } from './page-views';

export interface OpportunityPageOptions {
  store: Pick<Store, 'opportunities' | 'organisations' | 'signups'>;
  /** Reads the reference the page was opened with. */
  sharing: Pick<Sharing, 'read'>;
  views: PageViews;
  translator: Translator;
  publicUrl: string;
  timezone: string;
  /** Links opening the bot at `ref` on each running channel (the web chat included). */
  links: (ref: string) => Partial<Record<ChannelName, string>>;
}

/** JSON inside a script element: `<` escaped, so no text can close the element. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

const absolute = (url: string, publicUrl: string): string => (/^https?:\/\//.test(url) ? url : `${publicUrl}${url}`);

function structuredData(opportunity: Opportunity, locale: Locale, organisation: string, url: string, image?: string) {
  const name = localise(opportunity.title, locale);
  const description = localise(opportunity.description, locale) || localise(opportunity.summary, locale);
  const place = {
    '@type': 'Place',
    name: [opportunity.address, opportunity.city].filter(Boolean).join(', ') || opportunity.region,
    address: { '@type': 'PostalAddress', addressLocality: opportunity.city ?? '', addressRegion: opportunity.region },
  };
  const organizer = { '@type': 'Organization', name: organisation };
  if (opportunity.kind === 'placement')
    return {
      '@context': 'https://schema.org',
      '@type': 'JobPosting',
      title: name,
      description,
      datePosted: opportunity.createdAt,
      ...(opportunity.endsAt ? { validThrough: opportunity.endsAt } : {}),
      employmentType: 'INTERN',
      hiringOrganization: organizer,
      ...(opportunity.remote ? { jobLocationType: 'TELECOMMUTE' } : { jobLocation: place }),
      url,
      ...(image ? { image } : {}),
    };
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name,
    description,
    ...(opportunity.startsAt ? { startDate: opportunity.startsAt } : {}),
    ...(opportunity.endsAt ? { endDate: opportunity.endsAt } : {}),
    eventAttendanceMode: opportunity.remote
      ? 'https://schema.org/OnlineEventAttendanceMode'
      : 'https://schema.org/OfflineEventAttendanceMode',
    location: opportunity.remote ? { '@type': 'VirtualLocation', url } : place,
    organizer,
    url,
    ...(image ? { image } : {}),
  };
}

export function opportunityPageRouter(options: OpportunityPageOptions): Router {
  const router = express.Router();
  const { translator } = options;
  router.get('/o/:id', async (request, response, next) => {
    try {
      const asked = typeof request.query.lang === 'string' ? request.query.lang : request.acceptsLanguages('fr', 'en');
      const locale = translator.fromHint(asked || undefined) ?? DEFAULT_LOCALE;
      const t = (key: string) => translator.t(locale, `page.${key}`);
      response
        .set(
          'Content-Security-Policy',
          "default-src 'none'; img-src https: 'self' data:; style-src 'self'; media-src https: 'self'",
        )
        .set('Content-Language', locale)
        .set('Cache-Control', 'public, max-age=300')
        .set('Vary', 'Accept-Language');
      const opportunity = await options.store.opportunities.get(String(request.params.id));
      if (!opportunity || opportunity.status !== 'published') {
        const gone = opportunity?.status === 'archived';
        // Not cached: a draft published a minute later must show.
        response
          .set('Cache-Control', 'no-store')
          .status(gone ? 410 : 404)
          .type('html')
          .send(notFoundPage(locale, t(gone ? 'gone' : 'not_found'), t('to_chat'), options.publicUrl));
        return;
      }
      const given = typeof request.query.r === 'string' ? request.query.r : undefined;
      // A reference for another opportunity is no reference for this one; the buttons carry the
      // given one unchanged, so the bot credits (or not) the sharer by the same signature.
      const share = given === undefined ? undefined : options.sharing.read(given);
      const ref = share?.opportunityId === opportunity.id ? given! : openRef(opportunity.id);
      await options.views.record(request, opportunity.id, share?.opportunityId === opportunity.id ? share : undefined);
      const organisation = (await options.store.organisations.get(opportunity.organisationId))?.name ?? '';
      const taken = opportunity.capacity === undefined ? 0 : await options.store.signups.countConfirmed(opportunity.id);
      const url = `${options.publicUrl}/o/${opportunity.id}`;
      const media = opportunity.mediaUrl ? absolute(opportunity.mediaUrl, options.publicUrl) : undefined;
      const kind = media ? mediaKind(media) : undefined;
      const image = kind === 'image' ? media : undefined;
      const video = kind === 'video' || kind === 'video_page' ? media : undefined;
      const context = { locale, translator, timezone: options.timezone, links: { calendar: () => '' } };
      const title = localise(opportunity.title, locale);
      const summary = localise(opportunity.summary, locale);
      const description = localise(opportunity.description, locale);
      const where = formatWhere(opportunity, context) || translator.t(locale, `regions.${opportunity.region}`);
      const places =
        opportunity.capacity === undefined
          ? ''
          : translator.t(
              locale,
              Math.max(0, opportunity.capacity - taken) === 0 ? 'opportunity.full' : 'opportunity.places_left',
              {
                count: Math.max(0, opportunity.capacity - taken),
              },
            );
      const links = options.links(ref);
      const buttons = (['telegram', 'messenger'] as const)
        .filter((channel) => links[channel])
        .map(
          (channel) =>
            `<a class="button" href="${escapeMarkup(links[channel]!)}">${escapeMarkup(t(`open_${channel}`))}</a>`,
        );
      if (links.web)
        buttons.push(
          `<a class="button here" href="${escapeMarkup(links.web)}">${escapeMarkup(t('continue_here'))}</a>`,
        );
      const other = locale === 'fr' ? 'en' : 'fr';
      const switchTo = `/o/${opportunity.id}?lang=${other}&r=${ref}`;
      const switchLanguage = `<a href="${escapeMarkup(switchTo)}" hreflang="${other}">${escapeMarkup(
        translator.t(other, `languages.${other}`),
      )}</a>`;
      const meta = [
        ['og:type', 'website'],
        ['og:title', title],
        ['og:description', summary],
        ['og:url', url],
        ['og:locale', locale === 'fr' ? 'fr_FR' : 'en_GB'],
        ['og:site_name', translator.t(locale, 'page.site')],
        ...(image ? [['og:image', image]] : []),
        ...(video ? [['og:video', video]] : []),
      ]
        .map(([property, content]) => `<meta property="${property}" content="${escapeMarkup(content)}">`)
        .join('\n');
      const twitter = [
        ['twitter:card', image ? 'summary_large_image' : 'summary'],
        ['twitter:title', title],
        ['twitter:description', summary],
        ...(image ? [['twitter:image', image]] : []),
      ]
        .map(([name, content]) => `<meta name="${name}" content="${escapeMarkup(content)}">`)
        .join('\n');
      const picture = image
        ? `<img src="${escapeMarkup(image)}" alt="" class="picture">`
        : video
          ? `<p><a href="${escapeMarkup(video)}">▶ ${escapeMarkup(t('video'))}</a></p>`
          : '';
      const facts = [
        [t('what'), translator.t(locale, `kinds.${opportunity.kind}`)],
        [t('when'), formatWhen(opportunity, context)],
        [t('where'), where],
        [t('who'), organisation],
        ...(places ? [[t('places'), places]] : []),
      ]
        .map(([term, value]) => `<dt>${escapeMarkup(term)}</dt><dd>${escapeMarkup(value)}</dd>`)
        .join('');
      response.type('html').send(`<!doctype html><html lang="${locale}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeMarkup(title)} · ${escapeMarkup(organisation)}</title>
<meta name="description" content="${escapeMarkup(summary)}">
<link rel="canonical" href="${escapeMarkup(url)}">
${meta}
${twitter}
<link rel="stylesheet" href="/chat/assets/opportunity.css">
<script type="application/ld+json">${scriptJson(structuredData(opportunity, locale, organisation, url, image))}</script>
</head><body><main>
<p class="lang">${switchLanguage}</p>
${picture}
<h1>${escapeMarkup(title)}</h1>
<p class="summary">${escapeMarkup(summary)}</p>
<dl>${facts}</dl>
${description ? `<p class="description">${escapeMarkup(description)}</p>` : ''}
<p class="actions">${buttons.join('\n')}</p>
<p class="note">${escapeMarkup(t('note'))}</p>
</main></body></html>`);
    } catch (error) {
      next(error);
    }
  });
  return router;
}

function notFoundPage(locale: Locale, message: string, toChat: string, publicUrl: string): string {
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeMarkup(message)}</title>
<link rel="stylesheet" href="/chat/assets/opportunity.css"></head><body><main>
<h1>${escapeMarkup(message)}</h1>
<p><a class="button" href="${escapeMarkup(publicUrl)}/chat">${escapeMarkup(toChat)}</a></p>
</main></body></html>`;
}
