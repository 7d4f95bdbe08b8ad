/**
 * What the admin API and the dashboard accept, written once: both doors parse a request with these
 * schemas, so a rule (a password's length, an e-mail's shape) cannot differ between them.
 */
import { z } from 'zod';
import { ROLES } from '../domain/admin';
import { regionFromName, REGIONS, THEMES } from '../domain/catalogue';
import { CHANNELS, LOCALES, OPPORTUNITY_KINDS, OPPORTUNITY_STATUSES } from '../domain/model';
import { InvalidError, type FieldError } from './errors';

export const PASSWORD_MIN_LENGTH = 12;

/** A form's empty field means "not given". */
const blankAsMissing = (value: unknown) => (value === '' || value === null ? undefined : value);
/** A region as people write it ("Nouvelle-Aquitaine", "nouvelle aquitaine") or its slug, kept as the slug. */
const asRegion = (value: unknown) => (typeof value === 'string' ? (regionFromName(value) ?? value) : value);
export const regionInput = z.preprocess(asRegion, z.enum(REGIONS));
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankAsMissing, schema.optional());
const text = (max: number, message: string) => z.string({ error: message }).trim().min(1, message).max(max, message);

export const organisationInput = z.object({
  name: text(120, 'a name of 1 to 120 characters is required'),
  website: optional(z.string().trim().max(300, 'at most 300 characters')),
});

export const publishingInput = z.object({
  telegramChannel: optional(
    z
      .string()
      .trim()
      .regex(/^(@[A-Za-z0-9_]{5,32}|-100\d{5,20})$/, '@channelname or -100… id'),
  ),
  facebookPageId: optional(
    z
      .string()
      .trim()
      .regex(/^\d{1,30}$/, 'digits only'),
  ),
  /** Empty keeps the token already saved: it is never shown back. */
  facebookPageToken: optional(z.string().trim().max(1000, 'at most 1000 characters')),
});

/** Changing one's own password: the current one, and a new one of PASSWORD_MIN_LENGTH or more. */
export const passwordChangeInput = z.object({
  current: z.string({ error: 'the current password' }).min(1, 'the current password'),
  password: z
    .string({ error: `at least ${PASSWORD_MIN_LENGTH} characters` })
    .min(PASSWORD_MIN_LENGTH, `at least ${PASSWORD_MIN_LENGTH} characters`)
    .max(200, 'at most 200 characters'),
});

export const accountInput = z.object({
  email: z
    .string({ error: 'an e-mail address' })
    .trim()
    .toLowerCase()
    .pipe(z.email({ error: 'an e-mail address' }).max(254, 'an e-mail address')),
  password: z
    .string({ error: `at least ${PASSWORD_MIN_LENGTH} characters` })
    .min(PASSWORD_MIN_LENGTH, `at least ${PASSWORD_MIN_LENGTH} characters`)
    .max(1000, 'at most 1000 characters'),
  name: text(120, 'a name of 1 to 120 characters'),
  role: z.enum(ROLES, { error: 'admin or coordinator' }),
  organisationId: optional(z.string()),
  // Optional: a missing or unknown language is French.
  locale: z.enum(LOCALES).default('fr').catch('fr'),
});
export type AccountInput = z.infer<typeof accountInput>;

export const audienceInput = z.preprocess(
  (value) =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).filter(([, raw]) => blankAsMissing(raw) !== undefined))
      : value,
  z.strictObject(
    {
      region: z.preprocess(asRegion, z.enum(REGIONS).optional()),
      theme: z.enum(THEMES).optional(),
      kind: z.enum(OPPORTUNITY_KINDS).optional(),
      locale: z.enum(LOCALES).optional(),
      channel: z.enum(CHANNELS).optional(),
      history: z.enum(['signed_up', 'never']).optional(),
    },
    { error: 'region, theme, kind, locale, channel or history' },
  ),
);

/** A bot tried out on this very machine serves its uploads over plain http. */
const LOOPBACK = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?\//;

/**
 * A link to a picture or a video: https (platforms fetch nothing else), or the address of a file
 * uploaded to a bot running on the coordinator's own machine.
 */
export const mediaLink = z
  .url({ protocol: /^https?$/, error: 'an https link to a picture or a video' })
  .max(500)
  .refine((value) => value.startsWith('https://') || LOOPBACK.test(value), {
    message: 'an https link to a picture or a video',
    params: { code: 'not_https' },
  });

const instant = z
  .string()
  .refine((value) => !Number.isNaN(Date.parse(value)), 'a date and time')
  .transform((value) => new Date(value).toISOString());

/** A broadcast's words: `{ fr, en }` (French required, English optional), or a string for French alone. */
const broadcastText = z.preprocess(
  (value) => (typeof value === 'string' || value === undefined ? { fr: value } : value),
  z.strictObject({
    fr: text(1500, 'a text of 1 to 1500 characters is required'),
    en: optional(z.string().trim().max(1500, 'at most 1500 characters')),
  }),
);

export const broadcastInput = z.object({
  text: broadcastText,
  opportunityId: optional(z.string()),
  mediaUrl: optional(mediaLink),
  audience: z.preprocess((value) => value ?? {}, audienceInput),
  /** Missing: now. */
  sendAt: optional(instant),
  organisationId: optional(z.string()),
});
export type BroadcastInput = z.infer<typeof broadcastInput>;

/** A test send: the broadcast's words, to the coordinator's own Telegram. */
export const broadcastTestInput = broadcastInput
  .pick({ opportunityId: true, mediaUrl: true, organisationId: true })
  .extend({
    text: z.preprocess(
      (value) => (typeof value === 'string' || value === undefined ? { fr: value ?? '' } : value),
      z.strictObject({
        fr: z.string().max(1500, 'at most 1500 characters'),
        en: optional(z.string().trim().max(1500, 'at most 1500 characters')),
      }),
    ),
  });

export const audienceQueryInput = z.object({ audience: audienceInput, organisationId: optional(z.string()) });

export const answerInput = z.object({ text: text(2000, 'an answer of 1 to 2000 characters') });
export const attendanceInput = z.object({ attended: z.boolean({ error: 'true or false' }) });
export const statusInput = z.enum(OPPORTUNITY_STATUSES, { error: 'draft, published or archived' });

function codeOf(issue: z.core.$ZodIssue): FieldError['code'] {
  if (issue.code === 'too_big') return 'too_long';
  if (issue.code === 'unrecognized_keys') return 'unknown_field';
  if (issue.code === 'custom' && issue.params?.code === 'not_https') return 'not_https';
  // Say what is wrong with a link: not a link at all, or not a secure one.
  if (issue.code === 'invalid_format' && issue.format === 'url')
    return 'note' in issue && issue.note === 'Invalid protocol' ? 'not_https' : 'not_a_link';
  if (
    (issue.code === 'invalid_type' || issue.code === 'too_small') &&
    (issue.input === undefined || issue.input === '')
  )
    return 'required';
  return 'invalid';
}

/** The refused fields, each by name with a translatable code. */
export function fieldErrors(error: z.ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => ({
    field: prefix + (issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : issue.path.join('.')),
    code: codeOf(issue),
    message: issue.message,
  }));
}

/** The parsed input, or an InvalidError naming every refused field. */
export function parseInput<T extends z.ZodType>(schema: T, body: unknown, field = ''): z.output<T> {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  throw new InvalidError(fieldErrors(parsed.error, field));
}
