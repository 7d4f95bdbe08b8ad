/**
 * What a failed Send API call means, decided in one place
 * (developers.facebook.com/docs/messenger-platform/error-codes).
 */
export type MessengerFailureKind =
  'outside_window' | 'person_unavailable' | 'rate_limited' | 'temporary' | 'invalid_token' | 'invalid_parameter';

export class MessengerSendError extends Error {
  constructor(
    readonly kind: MessengerFailureKind,
    message: string,
    readonly code?: number,
    readonly subcode?: number,
  ) {
    super(message);
    this.name = 'MessengerSendError';
  }

  get retryable(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'temporary';
  }
}

export interface GraphErrorBody {
  error?: { message?: string; code?: number; error_subcode?: number };
}

export function classifyMessengerError(status: number, body: GraphErrorBody | undefined): MessengerSendError {
  const message = body?.error?.message ?? `HTTP ${status}`;
  const code = body?.error?.code;
  const subcode = body?.error?.error_subcode;
  const failure = (kind: MessengerFailureKind) => new MessengerSendError(kind, message, code, subcode);
  if (subcode === 2018278) return failure('outside_window');
  if (code === 551 || subcode === 1545041) return failure('person_unavailable');
  if (code === 613 || code === 4) return failure('rate_limited');
  if (code === 190) return failure('invalid_token');
  if (code === 1200 || code === 2 || status >= 500 || status === 0) return failure('temporary');
  return failure('invalid_parameter');
}
