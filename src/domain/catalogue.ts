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

/** Short names people use for a region, and its English names. */
const REGION_ALIASES: Readonly<Record<string, Region>> = {
  reunion: 'la-reunion',
  paca: 'provence-alpes-cote-d-azur',
  idf: 'ile-de-france',
  aura: 'auvergne-rhone-alpes',
  aquitaine: 'nouvelle-aquitaine',
  auvergne: 'auvergne-rhone-alpes',
  'rhone-alpes': 'auvergne-rhone-alpes',
  bourgogne: 'bourgogne-franche-comte',
  burgundy: 'bourgogne-franche-comte',
  'franche-comte': 'bourgogne-franche-comte',
  brittany: 'bretagne',
  corsica: 'corse',
  normandy: 'normandie',
  provence: 'provence-alpes-cote-d-azur',
  'cote-d-azur': 'provence-alpes-cote-d-azur',
  'french-guiana': 'guyane',
  'paris-region': 'ile-de-france',
};

/** Every way of naming a region, as hyphenated folded words, longest first. */
const REGION_NAMES: ReadonlyArray<[string, Region]> = [
  ...REGIONS.map((region): [string, Region] => [region, region]),
  ...Object.entries(REGION_ALIASES),
].sort((a, b) => b[0].length - a[0].length);

/**
 * The region a typed search names ("bénévolat Bretagne", "internship in Brittany", "stage
 * nouvelle aquitaine"), and the text without it; undefined when it names none.
 */
export function regionInText(text: string): { region: Region; rest: string } | undefined {
  const words = `-${slugOf(text)}-`;
  for (const [name, region] of REGION_NAMES) {
    const at = words.indexOf(`-${name}-`);
    if (at < 0) continue;
    const rest = `${words.slice(0, at)}-${words.slice(at + name.length + 2)}`.replace(/-+/g, ' ').trim();
    return { region, rest };
  }
  return undefined;
}

function slugOf(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/**
 * A region as people write it ("Nouvelle-Aquitaine", "nouvelle aquitaine", "Île-de-France",
 * "PACA") or as its slug; undefined when it names none.
 */
export function regionFromName(name: string): Region | undefined {
  const slug = slugOf(name);
  return isRegion(slug) ? slug : REGION_ALIASES[slug];
}

export function isRegion(value: unknown): value is Region {
  return typeof value === 'string' && (REGIONS as readonly string[]).includes(value);
}

export function isTheme(value: unknown): value is Theme {
  return typeof value === 'string' && (THEMES as readonly string[]).includes(value);
}
