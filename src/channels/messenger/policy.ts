/**
 * Meta's messaging window. Inside 24 hours of the person's last message the Page may answer
 * (RESPONSE) or update them (UPDATE). Outside it nothing may be sent: the tags that once carried
 * event reminders were withdrawn on 27 April 2026 and recurring notifications retired in February
 * 2026, so such a message is recorded as skipped, never attempted.
 */
import { HUMAN_AGENT_WINDOW_MS, MESSENGER_WINDOW_MS } from '../../domain/delivery';

export const OUTSIDE_WINDOW = 'outside the 24-hour window';

export type MessagingDecision =
  { send: true; messagingType: 'RESPONSE' | 'UPDATE' | 'HUMAN_AGENT' } | { send: false; reason: typeof OUTSIDE_WINDOW };

export function decideMessaging(
  purpose: 'reply' | 'update',
  lastInboundAt: string | undefined,
  now: Date,
): MessagingDecision {
  const inside = lastInboundAt !== undefined && now.getTime() - Date.parse(lastInboundAt) < MESSENGER_WINDOW_MS;
  if (!inside) return { send: false, reason: OUTSIDE_WINDOW };
  return { send: true, messagingType: purpose === 'reply' ? 'RESPONSE' : 'UPDATE' };
}

/**
 * A reply written by a person (a coordinator answering a question): inside 24 hours as usual;
 * up to 7 days with the HUMAN_AGENT tag, only when the Page was granted that permission.
 */
export function decideHumanReply(lastInboundAt: string | undefined, now: Date, humanAgent: boolean): MessagingDecision {
  const inside = decideMessaging('reply', lastInboundAt, now);
  if (inside.send || !humanAgent || lastInboundAt === undefined) return inside;
  return now.getTime() - Date.parse(lastInboundAt) < HUMAN_AGENT_WINDOW_MS
    ? { send: true, messagingType: 'HUMAN_AGENT' }
    : inside;
}
