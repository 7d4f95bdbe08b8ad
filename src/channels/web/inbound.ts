/** The web chat's request body, checked, turned into the engine's neutral inbound event. */
import { z } from 'zod';
import { looksLikeShareRef } from '../../domain/share';
import type { InboundEvent, PersonInput } from '../../engine/types';

/** Far more than anyone types; a paste beyond this is refused rather than processed. */
export const MAX_TEXT_LENGTH = 20_000;

const bodySchema = z
  .strictObject({
    visitorId: z.string().regex(/^[A-Za-z0-9_-]{16,64}$/, 'must be 16 to 64 letters, digits, - or _'),
    messageId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, - or _')
      .optional(),
    locale: z.string().max(35).optional(),
    text: z.string().max(MAX_TEXT_LENGTH, `must be at most ${MAX_TEXT_LENGTH} characters`).optional(),
    payload: z.string().min(1).max(200).optional(),
    /** The page's always-visible menu button. */
    command: z.enum(['menu']).optional(),
    start: z
      .strictObject({
        ref: z.string().max(200).optional(),
        link: z
          .string()
          .regex(/^[A-Za-z0-9_-]{1,64}$/)
          .optional(),
      })
      .optional(),
  })
  .refine(
    (body) => [body.text, body.payload, body.command, body.start].filter((part) => part !== undefined).length === 1,
    { message: 'send exactly one of text, payload, command or start' },
  );

export type ParsedWebRequest = { ok: true; event: InboundEvent } | { ok: false; error: string };

export function parseWebRequest(body: unknown): ParsedWebRequest {
  const result = bodySchema.safeParse(body);
  if (!result.success) {
    const issue = result.error.issues[0];
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return { ok: false, error: `${where}${issue.message}` };
  }
  const data = result.data;
  let input: PersonInput;
  if (data.text !== undefined) input = { type: 'text', text: data.text };
  else if (data.payload !== undefined) input = { type: 'choice', payload: data.payload };
  else if (data.command !== undefined) input = { type: 'command', name: data.command };
  else {
    // A mangled share link still opens the bot, just not on the opportunity.
    const ref = data.start?.ref;
    if (data.start?.link) input = { type: 'start', linkToken: data.start.link };
    else input = ref && looksLikeShareRef(ref) ? { type: 'start', shareRef: ref } : { type: 'start' };
  }
  return {
    ok: true,
    event: {
      channel: 'web',
      externalId: data.visitorId,
      ...(data.messageId !== undefined ? { eventId: data.messageId } : {}),
      ...(data.locale !== undefined ? { localeHint: data.locale } : {}),
      replyInResponse: true,
      input,
    },
  };
}
