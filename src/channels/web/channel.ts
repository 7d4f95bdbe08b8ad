/**
 * The web chat as a channel: its page and JSON API, the add-to-calendar files every channel links to,
 * and delivery into the visitor's mailbox (the page fetches it).
 */
import type { Router } from 'express';
import type { DeliveryRequest, DeliveryResult } from '../../domain/delivery';
import type { Locale } from '../../domain/model';
import type { Store } from '../../domain/ports';
import type { Conversation } from '../../engine/conversation';
import type { Translator } from '../../engine/i18n';
import type { Channel } from '../channel';
import { calendarRouter } from './calendar';
import { WebMailboxDelivery } from './delivery';
import type { ChatLimits } from './rate-limits';
import { personalData } from '../../domain/privacy';
import { webChatRouter } from './router';

export interface WebChannelConfig {
  conversation: Pick<Conversation, 'handle'>;
  translator: Translator;
  store: Pick<
    Store,
    'mailbox' | 'opportunities' | 'organisations' | 'contacts' | 'signups' | 'subscriptions' | 'questions'
  >;
  publicDir: string;
  publicUrl: string;
  defaultLocale: Locale;
  reminderOffsetsMinutes: number[];
  newId: (length?: number) => string;
  clock: () => Date;
  /** Bursts allowed per visitor and per address; the defaults unless a benchmark says otherwise. */
  limits?: ChatLimits;
  /** Websites that may show the chat in a frame (the widget). */
  widgetOrigins?: readonly string[];
}

export class WebChannel implements Channel {
  readonly name = 'web';
  readonly reachesLater = true;
  private readonly mailbox: WebMailboxDelivery;

  constructor(private readonly config: WebChannelConfig) {
    this.mailbox = new WebMailboxDelivery(config.store.mailbox, config.newId, config.clock);
  }

  routes(): Router {
    const { config } = this;
    // The chat's own router, the calendar's after it: a chat message crosses one router less.
    const router = webChatRouter({
      conversation: config.conversation,
      translator: config.translator,
      publicDir: config.publicDir,
      mailbox: config.store.mailbox,
      personalData: async (visitorId) => {
        const contact = await config.store.contacts.findByIdentity({ channel: 'web', externalId: visitorId });
        return contact ? personalData(config.store, contact.id, config.clock().toISOString()) : undefined;
      },
      defaultLocale: config.defaultLocale,
      ...(config.limits ? { limits: config.limits } : {}),
      ...(config.widgetOrigins ? { widgetOrigins: config.widgetOrigins } : {}),
    });
    router.use(
      calendarRouter({
        store: config.store,
        translator: config.translator,
        alarmsMinutesBefore: config.reminderOffsetsMinutes,
        publicUrl: config.publicUrl,
        clock: config.clock,
      }),
    );
    return router;
  }

  async start(): Promise<void> {}

  async stop(): Promise<void> {}

  deliver(request: DeliveryRequest): Promise<DeliveryResult> {
    return this.mailbox.deliver(request);
  }

  shareLink(ref: string): string {
    return `${this.config.publicUrl}/chat?start=${ref}`;
  }

  continueLink(token: string): string {
    return `${this.config.publicUrl}/chat?link=${token}`;
  }
}
