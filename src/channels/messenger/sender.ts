/**
 * Sends Messenger messages one recipient at a time, in order. Temporary failures and rate limits
 * are retried with backoff; an unavailable person is reported and not written to again; an invalid
 * token stops all sending (and is logged loudly); an invalid parameter is a bug: logged, not retried,
 * except a picture or video Messenger cannot fetch, which is sent again as its link.
 */
import { KeyedLock } from '../../util/keyed-lock';
import { classifyMessengerError, MessengerSendError } from './errors';
import type { GraphClient } from './graph';
import { withoutMedia, type FileUpload, type MessengerMessage } from './render';

export interface MessengerSenderOptions {
  graph: Pick<GraphClient, 'post' | 'postFile'>;
  sleep?: (ms: number) => Promise<void>;
  maxAttempts?: number;
  onRecipientGone?: (psid: string, reason: string) => Promise<void> | void;
  onFailure?: (psid: string, error: MessengerSendError) => void;
}

export interface MessengerSendReport {
  sent: number;
  gone?: string;
  failed?: MessengerSendError;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class MessengerSender {
  private readonly recipients = new KeyedLock();
  private readonly sleep: (ms: number) => Promise<void>;
  /** Set by an invalid token: nothing more is attempted until the process restarts with a new one. */
  disabled: MessengerSendError | undefined;

  constructor(private readonly options: MessengerSenderOptions) {
    this.sleep = options.sleep ?? realSleep;
  }

  /** `attempts`: per message; the outbox passes 1 and schedules its own retries. */
  send(
    psid: string,
    messagingType: 'RESPONSE' | 'UPDATE' | 'HUMAN_AGENT',
    messages: MessengerMessage[],
    attempts?: number,
  ): Promise<MessengerSendReport> {
    // HUMAN_AGENT is a tag, sent as MESSAGE_TAG with the tag named.
    const type =
      messagingType === 'HUMAN_AGENT'
        ? { messaging_type: 'MESSAGE_TAG', tag: 'HUMAN_AGENT' }
        : { messaging_type: messagingType };
    return this.recipients.run(psid, async () => {
      let sent = 0;
      for (const message of messages) {
        try {
          if (this.disabled) throw this.disabled;
          await this.sendWithoutMediaIfRefused({ recipient: { id: psid }, ...type }, message, attempts);
          sent++;
        } catch (caught) {
          const error = caught instanceof MessengerSendError ? caught : classifyMessengerError(0, undefined);
          if (error.kind === 'person_unavailable') {
            await this.options.onRecipientGone?.(psid, error.message);
            return { sent, gone: error.message };
          }
          if (error.kind === 'invalid_token') this.disabled = error;
          this.options.onFailure?.(psid, error);
          return { sent, failed: error };
        }
      }
      return { sent };
    });
  }

  /** A picture or video Messenger refuses costs only itself: the rest of the message is sent. */
  private async sendWithoutMediaIfRefused(
    envelope: Record<string, unknown>,
    message: MessengerMessage,
    attempts: number | undefined,
  ): Promise<void> {
    try {
      if ('upload' in message) {
        const { upload, ...attachment } = message;
        return await this.withRetries({ ...envelope, message: attachment }, attempts, upload);
      }
      await this.withRetries({ ...envelope, message }, attempts);
    } catch (caught) {
      const fallback = withoutMedia(message);
      const refused = caught instanceof MessengerSendError && caught.kind === 'invalid_parameter';
      if (!refused || !fallback) throw caught;
      await this.withRetries({ ...envelope, message: fallback }, attempts);
    }
  }

  private async withRetries(body: Record<string, unknown>, maxAttempts?: number, upload?: FileUpload): Promise<void> {
    const attempts = maxAttempts ?? this.options.maxAttempts ?? 4;
    for (let attempt = 1; ; attempt++) {
      try {
        if (upload) await this.options.graph.postFile('/me/messages', body, upload);
        else await this.options.graph.post('/me/messages', body);
        return;
      } catch (caught) {
        const error = caught instanceof MessengerSendError ? caught : classifyMessengerError(0, undefined);
        if (!error.retryable || attempt >= attempts) throw error;
        // Rate limits need a longer pause than a passing error.
        await this.sleep((error.kind === 'rate_limited' ? 5000 : 500) * 2 ** (attempt - 1));
      }
    }
  }
}
