/**
 * The Messenger channel. The webhook checks the signature on the raw body, stores each event in the
 * durable inbox, answers 200 at once, then handles the inbox in the background: an event that was
 * acknowledged is never lost, even if the process dies right after (it is handled at the next start).
 */
import express, { type Router } from 'express';
import { receiptKey } from '../../domain/channel-state';
import type { DeliveryRequest, DeliveryResult } from '../../domain/delivery';
import type { Store } from '../../domain/ports';
import { setReachable } from '../../domain/reachability';
import type { Conversation } from '../../engine/conversation';
import { KeyedLock } from '../../util/keyed-lock';
import type { Logger } from '../../util/logger';
import type { Translator } from '../../engine/i18n';
import type { Channel } from '../channel';
import { checkMenuCommands } from '../commands';
import { ReplyJournal } from '../reply-journal';
import type { InboundEvent } from '../../engine/types';
import { MESSENGER_MENU } from './profile';
import { GraphClient } from './graph';
import { checkMessagingItem, itemId, messagingItems, parseItem, type MessagingItem } from './inbound';
import { readJson } from '../../util/bounded-json';
import { decideHumanReply, decideMessaging } from './policy';
import { renderForMessenger } from './render';
import { MessengerSender } from './sender';
import { isSignatureValid } from './signature';

export const MESSENGER_WEBHOOK_PATH = '/webhooks/messenger';
const BATCH = 100;

export interface MessengerChannelOptions {
  graphUrl: string;
  pageToken: string;
  appSecret: string;
  verifyToken: string;
  conversation: Pick<Conversation, 'handle'>;
  /** The flows' command names: the persistent menu may offer only these. */
  commands: ReadonlySet<string>;
  store: Pick<Store, 'contacts' | 'inbox' | 'channelState'>;
  translator: Translator;
  logger: Logger;
  clock?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  humanAgent?: boolean;
}

export class MessengerChannel implements Channel {
  readonly name = 'messenger';
  /** Outside 24 hours after the person's last message, only tagged messages may go: no reminders. */
  readonly reachesLater = false;
  readonly graph: GraphClient;
  readonly sender: MessengerSender;
  private pageHandle: string | undefined;
  private draining: Promise<void> | undefined;
  private readonly receipts = new KeyedLock();
  private readonly people = new KeyedLock();
  private readonly journal: ReplyJournal;
  private drainAgain = false;

  constructor(private readonly options: MessengerChannelOptions) {
    checkMenuCommands('messenger', MESSENGER_MENU, options.commands);
    this.journal = new ReplyJournal(options.store.channelState, 'messenger', () => this.now());
    this.graph = new GraphClient({ graphUrl: options.graphUrl, pageToken: options.pageToken });
    this.sender = new MessengerSender({
      graph: this.graph,
      ...(options.sleep ? { sleep: options.sleep } : {}),
      onRecipientGone: (psid, reason) => this.markUnreachable(psid, reason),
      onFailure: (psid, error) =>
        error.kind === 'invalid_token' || error.kind === 'invalid_parameter'
          ? options.logger.error('messenger send failed: fix the configuration or the message', {
              psid,
              kind: error.kind,
              code: error.code,
              error: error.message,
            })
          : options.logger.warn('messenger send failed', {
              psid,
              kind: error.kind,
              code: error.code,
              error: error.message,
            }),
    });
  }

  /** `m.me/<page>?ref=<ref>`: opens the conversation on the shared opportunity. */
  shareLink(ref: string): string {
    return `https://m.me/${this.pageHandle ?? 'page'}?ref=${ref}`;
  }

  async start(): Promise<void> {
    try {
      const page = (await this.graph.get('/me?fields=id,username')) as { id?: string; username?: string };
      this.pageHandle = page.username ?? page.id;
    } catch (error) {
      this.options.logger.warn('messenger page lookup failed; share links use the page id once known', {
        error: String(error),
      });
    }
    await this.drain();
  }

  async stop(): Promise<void> {
    await this.draining;
  }

  routes(): Router {
    const router = express.Router();
    router.get(MESSENGER_WEBHOOK_PATH, (request, response) => {
      const { 'hub.mode': mode, 'hub.verify_token': token, 'hub.challenge': challenge } = request.query;
      if (mode === 'subscribe' && token === this.options.verifyToken && typeof challenge === 'string') {
        response.type('text/plain').send(challenge);
        return;
      }
      response.status(403).json({ error: 'verification failed' });
    });
    router.post(
      MESSENGER_WEBHOOK_PATH,
      express.raw({ type: () => true, limit: '1mb' }),
      async (request, response, next) => {
        const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const signature = request.get('X-Hub-Signature-256');
        if (!signature) {
          response.status(401).json({ error: 'missing X-Hub-Signature-256' });
          return;
        }
        if (!isSignatureValid(body, signature, this.options.appSecret)) {
          response.status(403).json({ error: 'invalid signature' });
          return;
        }
        // Signed by Meta but unreadable (not JSON, too deep, wrong shapes): acknowledged and dropped,
        // since anything but 200 only makes Meta send it again.
        const read = readJson(body.toString('utf8'));
        const { items, dropped } = read.ok ? messagingItems(read.value) : { items: [], dropped: [read.error] };
        if (dropped.length > 0)
          this.options.logger.warn('messenger events dropped', { count: dropped.length, reason: dropped[0] });
        try {
          const receivedAt = this.now().toISOString();
          // Kept durably before answering: a 200 means the event will be handled.
          await Promise.all(
            items.map((item) =>
              this.options.store.inbox.add({ id: itemId(item), channel: 'messenger', payload: item, receivedAt }),
            ),
          );
          response.status(200).send('EVENT_RECEIVED');
          void this.drain().catch((error: unknown) =>
            this.options.logger.error('messenger inbox drain failed; retried at the next event or start', {
              error: String(error),
            }),
          );
        } catch (error) {
          next(error);
        }
      },
    );
    return router;
  }

  /** Handles the inbox until it is empty; one drain at a time, re-run when events arrive meanwhile. */
  drain(): Promise<void> {
    if (this.draining) {
      this.drainAgain = true;
      return this.draining;
    }
    this.draining = (async () => {
      do {
        this.drainAgain = false;
        let batch = await this.options.store.inbox.pending('messenger', BATCH);
        while (batch.length > 0) {
          // People are handled side by side; one person's events keep their order (the conversation's lock).
          await Promise.all(
            batch.map(async (entry) => {
              try {
                const item = checkMessagingItem(entry.payload);
                if (item) await this.handle(item);
                else this.options.logger.warn('messenger inbox entry dropped: unreadable', { id: entry.id });
              } catch (error) {
                this.options.logger.error('messenger event failed', { id: entry.id, error: String(error) });
              }
              await this.options.store.inbox.done(entry.id);
            }),
          );
          batch = await this.options.store.inbox.pending('messenger', BATCH);
        }
      } while (this.drainAgain);
    })().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private async handle(item: MessagingItem): Promise<void> {
    const parsed = parseItem(item);
    if (parsed.kind === 'ignored') return;
    if (parsed.kind === 'watermark') return this.watermark(parsed.psid, parsed.type, parsed.at);
    // One person's events one after the other, replies included: a reply is out before the next starts.
    return this.people.run(parsed.psid, () => this.converse(parsed.psid, parsed.event));
  }

  private async converse(psid: string, event: InboundEvent): Promise<void> {
    const result = await this.options.conversation.handle(event);
    if (result.messages.length === 0) return;
    // Measured from the person's message: an event handled late (after an outage) may be past the window.
    const decision = decideMessaging('reply', event.sentAt ?? this.now().toISOString(), this.now());
    if (!decision.send) {
      this.options.logger.info('messenger reply skipped', { psid, reason: decision.reason });
      return;
    }
    await this.journal.send(event.eventId, psid, result, async (message) => {
      const report = await this.sender.send(psid, decision.messagingType, renderForMessenger([message]));
      return !report.gone && !report.failed;
    });
  }

  /**
   * The outbox's way out. Only inside the 24-hour window (as UPDATE): outside it nothing may be
   * sent, so the outbox is told at once and can try the person's other channels.
   */
  async deliver(request: DeliveryRequest): Promise<DeliveryResult> {
    const decision =
      request.purpose === 'answer'
        ? decideHumanReply(request.lastInboundAt, this.now(), this.options.humanAgent ?? false)
        : decideMessaging('update', request.lastInboundAt, this.now());
    if (!decision.send) return { status: 'not_allowed', reason: 'outside_window' };
    let parts = 0;
    for (const message of request.messages) {
      const report = await this.sender.send(
        request.externalId,
        decision.messagingType,
        renderForMessenger([message]),
        1,
      );
      if (report.gone) return { status: 'gone', parts, error: report.gone };
      if (report.failed) {
        const error = report.failed;
        if (error.kind === 'outside_window')
          return parts === 0
            ? { status: 'not_allowed', reason: 'outside_window' }
            : { status: 'failed', parts, error: error.message };
        return error.retryable
          ? {
              status: 'retry',
              parts,
              error: error.message,
              ...(error.kind === 'rate_limited' ? { retryAfterMs: 60_000 } : {}),
            }
          : { status: 'failed', parts, error: error.message };
      }
      parts++;
    }
    return { status: 'sent', parts };
  }

  /**
   * Messenger reports receipts as watermarks: everything sent before was delivered (or read). Kept
   * for known people only, and only forward: one person's receipts are handled one at a time.
   */
  private watermark(psid: string, type: 'delivery' | 'read', at: string): Promise<void> {
    return this.receipts.run(psid, async () => {
      const { contacts, channelState } = this.options.store;
      if (!(await contacts.findByIdentity({ channel: 'messenger', externalId: psid }))) return;
      const key = receiptKey(type === 'read' ? 'read' : 'delivered', psid);
      if (((await channelState.get('messenger', key)) ?? '') >= at) return;
      await channelState.put({ channel: 'messenger', key, value: at, savedAt: at, owner: psid });
    });
  }

  private async markUnreachable(psid: string, reason: string): Promise<void> {
    this.options.logger.info('messenger person unavailable', { psid, reason });
    await setReachable(this.options.store.contacts, { channel: 'messenger', externalId: psid }, false, this.now());
  }

  private now(): Date {
    return this.options.clock?.() ?? new Date();
  }
}
