/** The broadcasts' pages: write one (count its audience, try it, review it), follow it, change or cancel it. */
import type { Request, Response, Router } from 'express';
import { BROADCAST_STATUSES, type Broadcast } from '../../domain/admin';
import { newId } from '../../domain/ids';
import { LOCALES } from '../../domain/model';
import type { DashboardLocals } from '../auth';
import { ConflictError, InvalidError } from '../errors';
import type { AudienceSize } from '../features';
import { formValues, fromLocalInput, toLocalInput } from './forms';
import { errorsByField, type Body, type DashboardKit } from './kit';
import { organisationChoicesFor } from './opportunity-routes';
import {
  broadcastPage,
  broadcastReview,
  broadcastsPage,
  editBroadcastPage,
  type ComposeOptions,
} from './broadcast-views';
import { html, type Page } from './html';
import { broadcastPreview } from './message-preview';
import { listControls, listQuery, matches, pageOf, type ListFilter } from './list-controls';

interface ComposeExtras {
  values?: Record<string, string>;
  size?: AudienceSize;
  errors?: Record<string, string>;
  flash?: string;
  status?: number;
}

/** A broadcast as the compose form's fields, to change it. */
function broadcastValues(broadcast: Broadcast, timezone: string): Record<string, string> {
  const audience = Object.entries(broadcast.audience)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]): [string, string] => [`audience.${name}`, String(value)]);
  return {
    'text.fr': broadcast.text,
    'text.en': broadcast.textEn ?? '',
    opportunityId: broadcast.opportunityId ?? '',
    mediaUrl: broadcast.mediaUrl ?? '',
    sendAt: toLocalInput(broadcast.sendAt, timezone),
    ...Object.fromEntries(audience),
  };
}

export function broadcastRoutes(router: Router, kit: DashboardKit): void {
  const { admin, texts, pageFor, send, signedIn, id, localeOf, timezone } = kit;

  /** The compose form: a new broadcast's (with the list below) or a scheduled one's, to change it. */
  const composeView = async (
    request: Request,
    response: Response,
    locals: DashboardLocals,
    editing: Broadcast | undefined,
    extra: ComposeExtras,
  ) => {
    const titleKey = editing ? 'broadcasts.edit_title' : 'broadcasts.title';
    const page = pageFor(request, response, (t) => t(titleKey), extra.flash);
    const opportunities = await admin.opportunities.list(locals.principal, 'published');
    const organisations = editing ? undefined : await organisationChoicesFor(admin, locals.principal);
    const options = {
      opportunities,
      values: extra.values ?? {},
      errors: extra.errors ?? {},
      ...(extra.size ? { size: extra.size } : {}),
      ...(organisations ? { organisations } : {}),
    };
    const body = editing ? editBroadcastPage(page, editing, options) : await withList(request, page, locals, options);
    send(response, page, body, extra.status);
  };

  /** The new broadcast's form above the broadcasts so far, searched, filtered and a page at a time. */
  const withList = async (request: Request, page: Page, locals: DashboardLocals, options: ComposeOptions) => {
    const filters: ListFilter[] = [
      { name: 'q', label: page.t('lists.search_text'), search: true },
      {
        name: 'status',
        label: page.t('lists.status'),
        any: page.t('lists.all'),
        choices: BROADCAST_STATUSES.map((s) => [s, page.t(`broadcasts.status_${s}`)]),
      },
    ];
    const values = listQuery(request, filters);
    const found = (await admin.broadcasts.list(locals.principal)).filter(
      (b) => (!values.status || b.status === values.status) && matches(values.q, [b.text, b.textEn]),
    );
    const list = pageOf(request, found);
    const controls = listControls(page, '/admin/broadcasts', filters, values, list);
    return broadcastsPage(page, { ...options, broadcasts: list.shown, controls });
  };

  /** One handler for both forms; `editing` is the scheduled broadcast being changed. */
  const compose = async (
    request: Request,
    response: Response,
    locals: DashboardLocals,
    editing: Broadcast | undefined,
  ) => {
    const view = (extra: ComposeExtras) => composeView(request, response, locals, editing, extra);
    const values = formValues(request.body as Body);
    const audience = Object.fromEntries(
      Object.entries(values)
        .filter(([key]) => key.startsWith('audience.'))
        .map(([key, value]) => [key.slice('audience.'.length), value]),
    );
    const t = texts.for(localeOf(request));
    const organisationId =
      editing?.organisationId ?? (locals.principal.role === 'admin' ? values.organisationId : undefined);
    const sizeFor = () => admin.audience.size(locals.principal, { audience, organisationId });
    const words = { fr: values['text.fr'] ?? '', en: values['text.en'] ?? '' };
    const { intent, ...kept } = values;
    if (intent === 'count') return view({ values, size: await sizeFor() });
    if (intent === 'edit') return view({ values: kept });
    if (intent === 'test') {
      const result = await admin.broadcasts.sendTest(locals.principal, {
        text: words,
        opportunityId: values.opportunityId,
        mediaUrl: values.mediaUrl,
        ...(organisationId ? { organisationId } : {}),
      });
      const flash = result === 'no_chat' ? t('broadcasts.test_no_chat') : t(`broadcasts.test_sent_${result.sent}`);
      return view({ values, flash });
    }
    const sendAt = fromLocalInput(values.sendAt, timezone);
    const body = {
      text: words,
      opportunityId: values.opportunityId,
      mediaUrl: values.mediaUrl,
      audience,
      ...(sendAt ? { sendAt } : {}),
      ...(organisationId && !editing ? { organisationId } : {}),
    };
    const action = editing ? `/admin/broadcasts/${editing.id}` : '/admin/broadcasts';
    if (intent === 'review') {
      // Checked as it would be sent, so the review only shows what can go.
      const refused = admin.broadcasts.check(body);
      if (refused) return view({ values, errors: errorsByField(t, refused), status: 400 });
      const page = pageFor(request, response, (tt) => tt('broadcasts.review_title'));
      const messages = await admin.broadcasts.preview(locals.principal, body);
      // A new broadcast's review draws its id: confirming twice then makes it once (Broadcasts.create).
      const carried = editing ? kept : { ...kept, submission: newId() };
      const review = broadcastReview(page, { action, values: carried, size: await sizeFor(), sendAt });
      const preview = broadcastPreview(page, admin.liveChannels(), messages, LOCALES);
      return send(response, page, html`${review}${preview}`);
    }
    try {
      const broadcast = editing
        ? await admin.broadcasts.update(locals.principal, editing.id, body)
        : await admin.broadcasts.create(locals.principal, body, values.submission);
      response.redirect(303, `/admin/broadcasts/${broadcast.id}`);
    } catch (error) {
      if (error instanceof ConflictError && editing) return response.redirect(303, `${action}?started=1`);
      if (!(error instanceof InvalidError)) throw error;
      return view({ values, errors: errorsByField(t, error), status: 400 });
    }
  };

  router.get(
    '/admin/broadcasts',
    signedIn(async (request, response, locals) => composeView(request, response, locals, undefined, {})),
  );
  router.post(
    '/admin/broadcasts',
    signedIn(async (request, response, locals) => compose(request, response, locals, undefined)),
  );
  router.get(
    '/admin/broadcasts/:id',
    signedIn(async (request, response, { principal }) => {
      const report = await admin.broadcastReports.report(principal, id(request));
      const started = request.query.started === '1' && report.broadcast.status !== 'scheduled';
      const t = texts.for(localeOf(request));
      const page = pageFor(
        request,
        response,
        () => t('broadcasts.title'),
        started ? t('broadcasts.too_late') : undefined,
      );
      send(response, page, broadcastPage(page, report));
    }),
  );
  router.get(
    '/admin/broadcasts/:id/edit',
    signedIn(async (request, response, locals) => {
      const broadcast = await admin.broadcasts.get(locals.principal, id(request));
      if (broadcast.status !== 'scheduled')
        return response.redirect(303, `/admin/broadcasts/${broadcast.id}?started=1`);
      return composeView(request, response, locals, broadcast, { values: broadcastValues(broadcast, timezone) });
    }),
  );
  router.post(
    '/admin/broadcasts/:id',
    signedIn(async (request, response, locals) => {
      const broadcast = await admin.broadcasts.get(locals.principal, id(request));
      if (broadcast.status !== 'scheduled')
        return response.redirect(303, `/admin/broadcasts/${broadcast.id}?started=1`);
      return compose(request, response, locals, broadcast);
    }),
  );
  router.get(
    '/admin/broadcasts/:id/report.json',
    signedIn(async (request, response, { principal }) => {
      const report = await admin.broadcastReports.report(principal, id(request), { details: false });
      const t = texts.for(localeOf(request));
      response
        .set('Cache-Control', 'no-store')
        .json({ ...report, statusLabel: t(`broadcasts.status_${report.broadcast.status}`) });
    }),
  );
  router.post(
    '/admin/broadcasts/:id/cancel',
    signedIn(async (request, response, { principal }) => {
      await admin.broadcasts.cancel(principal, id(request));
      response.redirect(303, `/admin/broadcasts/${id(request)}`);
    }),
  );
}
