/**
 * The demo catalogue: a few associations and opportunities, dated relative to today so the demo
 * never expires. Loaded once, into an empty store, unless DEMO_DATA=false.
 */
import fs from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { REGIONS, THEMES } from '../domain/catalogue';
import { OPPORTUNITY_KINDS, type Opportunity, type Organisation } from '../domain/model';
import type { Store } from '../domain/ports';
import { localDatePlusDays, zonedTime } from '../domain/time';

const localised = z.strictObject({ fr: z.string().min(1), en: z.string().min(1) });
const time = z.string().regex(/^\d{2}:\d{2}$/);

const catalogueSchema = z.strictObject({
  organisations: z.array(
    z.strictObject({ id: z.string(), name: z.string(), website: z.string().optional(), description: localised }),
  ),
  opportunities: z.array(
    z.strictObject({
      id: z.string().regex(/^[a-z0-9-]{1,40}$/),
      organisationId: z.string(),
      kind: z.enum(OPPORTUNITY_KINDS),
      title: localised,
      summary: localised,
      description: localised,
      themes: z.array(z.enum(THEMES)).min(1),
      region: z.enum(REGIONS),
      city: z.string().optional(),
      address: z.string().optional(),
      remote: z.boolean().default(false),
      /** Days from today (in the bot's timezone) and local times; absent for ongoing roles. */
      inDays: z.number().int().min(0).optional(),
      from: time.optional(),
      to: time.optional(),
      /** For spans of several days. */
      lastDayInDays: z.number().int().min(0).optional(),
      capacity: z.number().int().positive().optional(),
      minAge: z.number().int().min(0).optional(),
      media: z.string().optional(),
    }),
  ),
});

export type DemoCatalogue = z.infer<typeof catalogueSchema>;

export function readDemoCatalogue(file: string): DemoCatalogue {
  return catalogueSchema.parse(parse(fs.readFileSync(file, 'utf8')));
}

/** Returns how many opportunities were loaded: 0 when the store already had some. */
export async function loadDemoData(
  store: Pick<Store, 'opportunities' | 'organisations'>,
  file: string,
  options: { now: Date; timezone: string; mediaBaseUrl: string },
): Promise<number> {
  if ((await store.opportunities.search({ status: 'published', limit: 1 })).total > 0) return 0;
  if ((await store.organisations.list()).length > 0) return 0;
  const catalogue = readDemoCatalogue(file);
  const created = options.now.toISOString();
  for (const organisation of catalogue.organisations) {
    const record: Organisation = { ...organisation, createdAt: created };
    await store.organisations.save(record);
  }
  for (const item of catalogue.opportunities) {
    const { inDays, from, to, lastDayInDays, media, ...fields } = item;
    const opportunity: Opportunity = { ...fields, status: 'published', createdAt: created, updatedAt: created };
    if (inDays !== undefined) {
      const day = localDatePlusDays(options.now, inDays, options.timezone);
      opportunity.startsAt = zonedTime(day, from ?? '10:00', options.timezone).toISOString();
      const lastDay = localDatePlusDays(options.now, lastDayInDays ?? inDays, options.timezone);
      opportunity.endsAt = zonedTime(lastDay, to ?? from ?? '12:00', options.timezone).toISOString();
    }
    if (media) opportunity.mediaUrl = `${options.mediaBaseUrl}/${media}`;
    await store.opportunities.save(opportunity);
  }
  return catalogue.opportunities.length;
}
