/**
 * Meta's messaging window. Inside 24 hours of the person's last message the Page may answer
 * (RESPONSE) or update them (UPDATE). Outside it nothing may be sent: the tags that once carried
 * event reminders were withdrawn on 27 April 2026 and recurring notifications retired in February
 * 2026, so such a message is recorded as skipped, never attempted.
 */
export const WINDOW_MS = 24 * 3600 * 1000;
export const OUTSIDE_WINDOW = 'outside the 24-hour window';

export type MessagingDecision = { send: true; messagingType: 'RESPONSE' | 'UPDATE' } | { send: false; reason: typeof OUTSIDE_WINDOW };

export function decideMessaging(purpose: 'reply' | 'update', lastInboundAt: string | undefined, now: Date): MessagingDecision {
  const inside = lastInboundAt !== undefined && now.getTime() - Date.parse(lastInboundAt) < WINDOW_MS;
  if (!inside) return { send: false, reason: OUTSIDE_WINDOW };
  return { send: true, messagingType: purpose === 'reply' ? 'RESPONSE' : 'UPDATE' };
}
