/**
 * What a coordinator may send for an opportunity, checked field by field. Errors name the field and
 * a code the dashboard translates next to it (`errors.<code>` in locales/<lng>/admin.json).
 */
import { z } from 'zod';
import { THEMES } from '../domain/catalogue';
import { OPPORTUNITY_KINDS, OPPORTUNITY_STATUSES, SIGNUP_FIELDS, type Opportunity } from '../domain/model';
import type { FieldError } from './errors';
import { fieldErrors, mediaLink, regionInput } from './inputs';

const localised = (max: number) =>
  z.strictObject({ fr: z.string().trim().max(max).optional(), en: z.string().trim().max(max).optional() });
const instant = z.iso.datetime({ offset: true });

const fields = {
  kind: z.enum(OPPORTUNITY_KINDS),
  title: localised(80),
  summary: localised(200),
  description: localised(2000),
  themes: z.array(z.enum(THEMES)).max(5),
  region: regionInput,
  city: z.string().trim().max(80),
  address: z.string().trim().max(200),
  remote: z.boolean(),
  startsAt: instant,
  endsAt: instant,
  capacity: z.number().int().min(0).max(100_000),
  minAge: z.number().int().min(0).max(99),
  mediaUrl: mediaLink,
  signupFields: z.array(z.enum(SIGNUP_FIELDS)),
};

export type OpportunityInput = Partial<{ [K in keyof typeof fields]: z.infer<(typeof fields)[K]> }>;

const inputSchema = z.strictObject(fields).partial();

/** What the admin API accepts for an opportunity (its description; the checks are `checkOpportunityInput`). */
export const opportunityBodySchema = inputSchema.extend({
  organisationId: z.string().optional(),
  status: z.enum(OPPORTUNITY_STATUSES).optional(),
});

/** Checks a create (`complete`) or a change; the merged record must still make sense. */
export function checkOpportunityInput(
  body: unknown,
  base?: Opportunity,
): { ok: true; input: OpportunityInput } | { ok: false; errors: FieldError[] } {
  const parsed = inputSchema.safeParse(body ?? {});
  // Every problem at once: a refused link does not hide a missing title until the next try.
  const refused = parsed.success ? [] : fieldErrors(parsed.error);
  const input = parsed.success ? parsed.data : ((body ?? {}) as OpportunityInput);
  const merged = { ...base, ...input };
  const errors: FieldError[] = [...refused];
  if (!merged.kind) errors.push({ field: 'kind', code: 'required', message: 'a kind is required' });
  if (!merged.region) errors.push({ field: 'region', code: 'required', message: 'a region is required' });
  // French first: the associations are French; English is welcome, not required.
  if (!merged.title?.fr) errors.push({ field: 'title.fr', code: 'required', message: 'a French title is required' });
  if (!merged.summary?.fr)
    errors.push({ field: 'summary.fr', code: 'required', message: 'a French summary is required' });
  if (merged.startsAt && merged.endsAt && Date.parse(merged.endsAt) < Date.parse(merged.startsAt)) {
    errors.push({ field: 'endsAt', code: 'before_start', message: 'the end comes before the start' });
  }
  if (merged.endsAt && !merged.startsAt)
    errors.push({ field: 'startsAt', code: 'required', message: 'an end needs a start' });
  const firstPerField = errors.filter((error, i) => errors.findIndex((other) => other.field === error.field) === i);
  return firstPerField.length > 0 || !parsed.success
    ? { ok: false, errors: firstPerField }
    : { ok: true, input: parsed.data };
}
