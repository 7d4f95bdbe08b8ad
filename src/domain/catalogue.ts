/** The fixed vocabularies coordinators choose from; each has a label in every locale. */

/** France's regions (2016 map) and overseas regions, as slugs. */
export const REGIONS = [
  'auvergne-rhone-alpes',
  'bourgogne-franche-comte',
  'bretagne',
  'centre-val-de-loire',
  'corse',
  'grand-est',
  'hauts-de-france',
  'ile-de-france',
  'normandie',
  'nouvelle-aquitaine',
  'occitanie',
  'pays-de-la-loire',
  'provence-alpes-cote-d-azur',
  'guadeloupe',
  'martinique',
  'guyane',
  'la-reunion',
  'mayotte',
] as const;
export type Region = (typeof REGIONS)[number];

export const THEMES = [
  'environment',
  'solidarity',
  'education',
  'health',
  'culture',
  'international',
  'sport',
  'citizenship',
  'digital',
] as const;
export type Theme = (typeof THEMES)[number];

/** Short names people use for a region. */
const REGION_ALIASES: Readonly<Record<string, Region>> = {
  reunion: 'la-reunion',
  paca: 'provence-alpes-cote-d-azur',
  idf: 'ile-de-france',
  aura: 'auvergne-rhone-alpes',
};

/**
 * A region as people write it ("Nouvelle-Aquitaine", "nouvelle aquitaine", "Île-de-France",
 * "PACA") or as its slug; undefined when it names none.
 */
export function regionFromName(name: string): Region | undefined {
  const slug = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return isRegion(slug) ? slug : REGION_ALIASES[slug];
}

export function isRegion(value: unknown): value is Region {
  return typeof value === 'string' && (REGIONS as readonly string[]).includes(value);
}

export function isTheme(value: unknown): value is Theme {
  return typeof value === 'string' && (THEMES as readonly string[]).includes(value);
}
