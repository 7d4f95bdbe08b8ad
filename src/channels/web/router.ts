/**
 * The web chat channel: the page at /chat, its assets, and its JSON API. The browser keeps a random
 * visitor id (its identity on this channel) and a message id per message, so a retried request is
 * recognised and not processed twice.
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { type Router } from 'express';
import { DEFAULT_LOCALE, type Locale } from '../../domain/model';
import type { MailboxRepository } from '../../domain/ports';
import type { PersonalData } from '../../domain/privacy';
import type { Conversation } from '../../engine/conversation';
import type { Translator } from '../../engine/i18n';
import { refuseDeepJson } from '../../util/bounded-json';
import { parseWebRequest } from './inbound';
import { ChatPage } from './page';
import { chatRateLimits, type ChatLimits } from './rate-limits';

export interface WebChannelOptions {
  conversation: Pick<Conversation, 'handle'>;
  translator: Translator;
  publicDir: string;
  mailbox: MailboxRepository;
  /** Everything kept about the visitor ("mes données"), or undefined when nothing is. */
  personalData: (visitorId: string) => Promise<PersonalData | undefined>;
  defaultLocale?: Locale;
  /** Bursts allowed per visitor and per address (tests lower them). */
  limits?: ChatLimits;
  /** Websites that may show the chat in a frame (WIDGET_ORIGINS); none but the bot's own when empty. */
  widgetOrigins?: readonly string[];
}

const VISITOR_ID = /^[A-Za-z0-9_-]{16,64}$/;
const MAILBOX_ITEM_ID = /^[A-Za-z0-9_.:-]{1,80}$/;
const MAILBOX_PAGE = 20;

export function webChatRouter(options: WebChannelOptions): Router {
  const router = express.Router();
  const page = new ChatPage(options.publicDir, options.translator);
  const defaultLocale = options.defaultLocale ?? DEFAULT_LOCALE;

  router.get('/chat', (request, response) => {
    const asked =
      typeof request.query.lang === 'string' ? request.query.lang : request.acceptsLanguages('fr', 'en') || undefined;
    const locale = options.translator.fromHint(asked) ?? defaultLocale;
    response.set(
      'Content-Security-Policy',
      "default-src 'self'; img-src 'self' https: data:; media-src 'self' https:; " +
        "style-src 'self'; script-src 'self'; connect-src 'self'; " +
        `frame-ancestors ${["'self'", ...(options.widgetOrigins ?? [])].join(' ')}`,
    );
    response.type('html').send(page.html(locale));
  });

  // The widget other websites load (any site may; only WIDGET_ORIGINS may frame the chat it opens),
  // with its few words in both languages from the locales.
  const widget = widgetScript(options.publicDir, options.translator);
  router.get('/widget.js', (_request, response) => {
    response
      .set('Cache-Control', 'public, max-age=3600')
      .set('Cross-Origin-Resource-Policy', 'cross-origin')
      .type('application/javascript')
      .send(widget);
  });

  router.use('/chat/assets', express.static(path.join(options.publicDir), { index: false, maxAge: '1h' }));

  // Browsers ask for /favicon.ico whatever the page links to.
  router.get('/favicon.ico', (_request, response) => {
    response.set('Cache-Control', 'public, max-age=86400').sendFile(path.join(options.publicDir, 'favicon.ico'));
  });

  // What a phone needs to add the chat to its home screen, in the page's language.
  router.get('/chat/manifest.webmanifest', (request, response) => {
    const asked = typeof request.query.lang === 'string' ? request.query.lang : undefined;
    const locale = options.translator.fromHint(asked) ?? defaultLocale;
    const t = (key: string) => options.translator.t(locale, key);
    response
      .type('application/manifest+json')
      .set('Cache-Control', 'public, max-age=3600')
      .send(
        JSON.stringify({
          name: t('web.title'),
          short_name: t('web.bot_name'),
          description: t('web.subtitle'),
          lang: locale,
          start_url: `/chat?lang=${locale}`,
          scope: '/chat',
          display: 'standalone',
          background_color: '#eef2f5',
          theme_color: '#1f5f8b',
          icons: [
            { src: '/chat/assets/icon-192.png', sizes: '192x192', type: 'image/png' },
            { src: '/chat/assets/icon-512.png', sizes: '512x512', type: 'image/png' },
            { src: '/chat/assets/icon.svg', sizes: 'any', type: 'image/svg+xml' },
          ],
        }),
      );
  });

  router.post(
    '/chat/api/messages',
    express.json({ limit: '128kb', verify: refuseDeepJson() }),
    ...chatRateLimits(options.limits),
    async (request, response, next) => {
      const parsed = parseWebRequest(request.body);
      if (!parsed.ok) {
        response.status(400).json({ error: parsed.error });
        return;
      }
      try {
        const result = await options.conversation.handle(parsed.event);
        response.json({
          messages: result.messages,
          locale: result.locale,
          duplicate: result.duplicate,
          // The page then forgets the conversation and this visitor id: a reload starts afresh.
          ...(result.erased ? { forgotten: true } : {}),
        });
      } catch (error) {
        next(error);
      }
    },
  );

  // What the bot wrote on its own since the last item the page showed (reminders, alerts).
  router.get('/chat/api/updates', async (request, response, next) => {
    const { visitorId, after } = request.query;
    if (typeof visitorId !== 'string' || !VISITOR_ID.test(visitorId)) {
      response.status(400).json({ error: 'visitorId: must be 16 to 64 letters, digits, - or _' });
      return;
    }
    if (after !== undefined && (typeof after !== 'string' || !MAILBOX_ITEM_ID.test(after))) {
      response.status(400).json({ error: 'after: must be the id of a message already received' });
      return;
    }
    try {
      const items = await options.mailbox.list(visitorId, after, MAILBOX_PAGE);
      response
        .set('Cache-Control', 'no-store')
        .json({ items: items.map((item) => ({ id: item.id, messages: item.messages })) });
    } catch (error) {
      next(error);
    }
  });

  // "Mes données" as a file: everything kept about this visitor, never cached.
  router.get('/chat/api/export', async (request, response, next) => {
    const { visitorId } = request.query;
    if (typeof visitorId !== 'string' || !VISITOR_ID.test(visitorId)) {
      response.status(400).json({ error: 'visitorId: must be 16 to 64 letters, digits, - or _' });
      return;
    }
    try {
      const data = await options.personalData(visitorId);
      if (!data) {
        response.status(404).json({ error: 'nothing is kept about this visitor' });
        return;
      }
      response.set('Cache-Control', 'no-store').attachment('mes-donnees.json').json(data);
    } catch (error) {
      next(error);
    }
  });

  return router;
}

function widgetScript(publicDir: string, translator: Translator): string {
  const texts = Object.fromEntries(
    (['fr', 'en'] as const).map((locale) => [
      locale,
      Object.fromEntries(['open', 'close', 'title'].map((key) => [key, translator.t(locale, `widget.${key}`)])),
    ]),
  );
  const source = fs.readFileSync(path.join(publicDir, 'widget.js'), 'utf8');
  return source.replace('/*TEXTS*/ {}', JSON.stringify(texts).replace(/</g, '\\u003c'));
}
