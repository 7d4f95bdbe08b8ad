/**
 * What a failed Bot API call means for us, decided in one place. Telegraf throws a TelegramError
 * carrying the API's `error_code`, `description` and `parameters`; network failures throw others.
 */
export type TelegramFailureKind = 'rate_limited' | 'recipient_gone' | 'temporary' | 'bad_request' | 'unauthorized';

export class TelegramSendError extends Error {
  constructor(
    readonly kind: TelegramFailureKind,
    message: string,
    /** For `rate_limited`: how long Telegram asks us to wait. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'TelegramSendError';
  }

  get retryable(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'temporary';
  }
}

interface ApiErrorShape {
  response?: { error_code?: number; description?: string; parameters?: { retry_after?: number } };
  code?: string | number;
  message?: string;
}

export function classifyTelegramError(error: unknown): TelegramSendError {
  if (error instanceof TelegramSendError) return error;
  const shape = (error ?? {}) as ApiErrorShape;
  const status = shape.response?.error_code;
  const description = shape.response?.description ?? shape.message ?? String(error);
  if (status === 429)
    return new TelegramSendError('rate_limited', description, shape.response?.parameters?.retry_after ?? 1);
  // "bot was blocked by the user", "user is deactivated", "bot was kicked from the group chat".
  if (status === 403) return new TelegramSendError('recipient_gone', description);
  if (status === 400 && /chat not found|user not found|PEER_ID_INVALID/i.test(description))
    return new TelegramSendError('recipient_gone', description);
  if (status === 401 || status === 404) return new TelegramSendError('unauthorized', description);
  if (status === 400) return new TelegramSendError('bad_request', description);
  // 5xx, timeouts, refused connections: the request may work a little later.
  return new TelegramSendError('temporary', description);
}
