/**
 * What the outbox's dispatcher asks of a channel: deliver these messages to this person, once, and
 * say what happened. Each channel implements it with its own sender, rate limits and rules; the
 * dispatcher decides about retries.
 */
import type { OutboundMessage } from './messages';
import type { OutboxPriority, OutboxPurpose } from './outbox';

/** Meta's rules, known to the channel that applies them and to the dashboard that warns about them. */
export const MESSENGER_WINDOW_MS = 24 * 3600_000;
/** How long after the person's message a reply written by a person may use the HUMAN_AGENT tag. */
export const HUMAN_AGENT_WINDOW_MS = 7 * 24 * 3600_000;

export interface DeliveryRequest {
  externalId: string;
  messages: OutboundMessage[];
  priority: OutboxPriority;
  /** What it is: a coordinator's answer may use Messenger's HUMAN_AGENT tag. */
  purpose?: OutboxPurpose;
  /** The person's last message to us, for platforms with a messaging window (Messenger). */
  lastInboundAt?: string;
}

export type DeliveryResult =
  | { status: 'sent'; parts: number }
  /** The platform's rules forbid sending now; nothing was attempted. */
  | { status: 'not_allowed'; reason: 'outside_window' }
  /** The person blocked the bot or the account is gone (the channel has marked them unreachable). */
  | { status: 'gone'; parts: number; error: string }
  /** May work later: rate limited (then with the wait the platform asked for), network, 5xx. */
  | { status: 'retry'; parts: number; error: string; retryAfterMs?: number }
  /** Will not work as it is (refused message, invalid token): retrying would not help. */
  | { status: 'failed'; parts: number; error: string };

export interface ChannelDelivery {
  deliver(request: DeliveryRequest): Promise<DeliveryResult>;
}
