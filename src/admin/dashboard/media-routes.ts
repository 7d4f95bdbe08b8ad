/**
 * The media page: upload a picture or a video, see the association's files with their addresses.
 * A file form is multipart: it is read (with a size limit) once the session is known, before the
 * CSRF check that needs its fields.
 */
import type { Request, RequestHandler, Response, Router } from 'express';
import multer from 'multer';
import type { AdminAuth, DashboardLocals } from '../auth';
import { InvalidError, invalid } from '../errors';
import { VIDEO_MAX_BYTES } from '../features/media';
import { errorSummary, type DashboardKit } from './kit';
import { mediaPage } from './media-views';
import { organisationChoicesFor } from './opportunity-routes';

const reader = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: VIDEO_MAX_BYTES, files: 1, fields: 4, fieldSize: 1024 },
}).single('file');

/** Reads an upload for a signed-in person only: nobody else makes the server hold 20 MB. */
export function uploadReader(auth: AdminAuth): RequestHandler {
  return async (request, response, next) => {
    try {
      if (!(await auth.fromCookie(request))) {
        response.status(401).type('text/plain').send('Not signed in');
        return;
      }
    } catch (error) {
      next(error);
      return;
    }
    reader(request, response, (error: unknown) => {
      // A file over the limit is said on the page, like any refused field.
      if (error instanceof multer.MulterError) response.locals.uploadRefused = error.code;
      else if (error) return next(error);
      next();
    });
  };
}

export function mediaRoutes(router: Router, kit: DashboardKit): void {
  const { admin, pageFor, send, signedIn, texts, localeOf } = kit;
  const show = async (
    request: Request,
    response: Response,
    { principal }: DashboardLocals,
    extra: { flash?: string; status?: number } = {},
  ) => {
    const page = pageFor(request, response, (t) => t('media.title'), extra.flash);
    const organisations = await organisationChoicesFor(admin, principal);
    const wanted = typeof request.query.id === 'string' ? request.query.id : undefined;
    const organisationId = principal.organisationId ?? wanted ?? organisations?.[0]?.[0];
    const files = organisationId ? await admin.media.list(principal, organisationId) : [];
    const shown = files.map((file) => ({ ...file, url: admin.media.url(file) }));
    send(response, page, mediaPage(page, shown, organisations, organisationId), extra.status);
  };
  router.get(
    '/admin/media',
    signedIn(async (request, response, locals) => show(request, response, locals)),
  );
  router.post(
    '/admin/media',
    signedIn(async (request, response, locals) => {
      const t = texts.for(localeOf(request));
      const body = (request.body ?? {}) as Record<string, unknown>;
      const organisationId = typeof body.organisationId === 'string' ? body.organisationId : undefined;
      if (organisationId) request.query.id = organisationId;
      try {
        if (response.locals.uploadRefused === 'LIMIT_FILE_SIZE')
          throw invalid('file', 'too_large', 'a video of 20 MB at most');
        if (response.locals.uploadRefused) throw invalid('file', 'invalid', 'one file at a time');
        const file = request.file;
        if (!file) throw invalid('file', 'required', 'choose a picture or a video');
        const saved = await admin.media.upload(locals.principal, {
          name: file.originalname,
          bytes: file.buffer,
          ...(organisationId ? { organisationId } : {}),
        });
        await show(request, response, locals, { flash: t('media.uploaded', { url: admin.media.url(saved) }) });
      } catch (error) {
        if (!(error instanceof InvalidError)) throw error;
        await show(request, response, locals, { flash: errorSummary(t, error, { file: 'media.file' }), status: 400 });
      }
    }),
  );
}
