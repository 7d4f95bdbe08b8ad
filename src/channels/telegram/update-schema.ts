/**
 * The part of a Telegram update the bot reads, checked before anything uses it. What does not match
 * (a wrong type, a missing id) is dropped, not half-read; unknown fields are left out, so what the
 * bot keeps is what was checked.
 */
import { z } from 'zod';

/** Kinds of messages that are not text: the bot only needs to know which it was. */
export const ATTACHMENT_KINDS = [
  'photo',
  'video',
  'voice',
  'audio',
  'document',
  'sticker',
  'animation',
  'video_note',
  'location',
  'contact',
  'poll',
] as const;

const chatId = z.number().int().refine(Number.isSafeInteger, 'not a chat id');
const chat = z.object({ id: chatId, type: z.string().max(32) });
const user = z.object({ id: chatId, language_code: z.string().max(35).optional() });
// Telegram's dates are seconds since 1970; beyond year 9999 a Date cannot be written.
const unixSeconds = z.number().int().min(0).max(253_402_300_799);

const message = z
  .looseObject({
    message_id: z.number().int(),
    date: unixSeconds,
    chat,
    from: user.optional(),
    text: z.string().max(4096).optional(),
  })
  .transform(({ message_id, date, chat, from, text, ...rest }) => ({
    message_id,
    date,
    chat,
    ...(from ? { from } : {}),
    ...(text !== undefined ? { text } : {}),
    attachment: ATTACHMENT_KINDS.find((kind) => kind in rest) ?? 'other',
  }));

const callbackQuery = z.object({
  id: z.string().min(1).max(64),
  from: user,
  message: z.object({ message_id: z.number().int().optional(), chat: z.object({ id: chatId }) }).optional(),
  data: z.string().max(64).optional(),
});

const chatMemberUpdate = z.object({ chat, new_chat_member: z.object({ status: z.string().max(32) }) });

export const updateSchema = z.object({
  update_id: z.number().int().min(0).refine(Number.isSafeInteger, 'not an update id'),
  message: message.optional(),
  callback_query: callbackQuery.optional(),
  my_chat_member: chatMemberUpdate.optional(),
});

export type CheckedUpdate = z.output<typeof updateSchema>;

export type UpdateCheck = { ok: true; update: CheckedUpdate } | { ok: false; reason: string };

export function checkUpdate(raw: unknown): UpdateCheck {
  const result = updateSchema.safeParse(raw);
  if (result.success) return { ok: true, update: result.data };
  const issue = result.error.issues[0];
  return { ok: false, reason: `${issue.path.join('.') || 'update'}: ${issue.message}` };
}
