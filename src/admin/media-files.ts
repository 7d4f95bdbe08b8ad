/**
 * Serves uploaded files at `/media/<id>.jpg` or `.mp4` to whoever has the address: Telegram and
 * Messenger fetch them, browsers show them. A file never changes under its address, so it is cached
 * for a year; videos answer byte ranges, which phones' players ask for before playing.
 */
import express, { type Router } from 'express';
import type { Media } from './features/media';

const ADDRESS = /^([A-Za-z0-9_-]{6,64})\.(jpg|mp4)$/;

/** The one range `bytes=a-b` (or `a-`, or `-n`) of a file of `size` bytes; undefined when not satisfiable. */
export function byteRange(header: string, size: number): { start: number; end: number } | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  const start = match[1] === '' ? Math.max(0, size - Number(match[2])) : Number(match[1]);
  const end = match[1] === '' || match[2] === '' ? size - 1 : Math.min(size - 1, Number(match[2]));
  return start <= end && start < size ? { start, end } : undefined;
}

export function mediaFilesRouter(media: Pick<Media, 'serve'>): Router {
  const router = express.Router();
  router.get('/media/:name', async (request, response, next) => {
    try {
      const address = ADDRESS.exec(request.params.name);
      const found = address ? await media.serve(address[1]) : undefined;
      const extension = found?.file.contentType === 'video/mp4' ? 'mp4' : 'jpg';
      if (!found || address?.[2] !== extension) {
        response.status(404).type('text/plain').send('not found');
        return;
      }
      const bytes = Buffer.from(found.bytes);
      response
        .set('Content-Type', found.file.contentType)
        .set('Cache-Control', 'public, max-age=31536000, immutable')
        .set('X-Content-Type-Options', 'nosniff')
        .set('Accept-Ranges', 'bytes');
      const asked = request.get('range');
      if (!asked) {
        response.send(bytes);
        return;
      }
      const range = byteRange(asked, bytes.length);
      if (!range) {
        response.status(416).set('Content-Range', `bytes */${bytes.length}`).end();
        return;
      }
      response
        .status(206)
        .set('Content-Range', `bytes ${range.start}-${range.end}/${bytes.length}`)
        .send(bytes.subarray(range.start, range.end + 1));
    } catch (error) {
      next(error);
    }
  });
  return router;
}
