/** Regions as people write them. */
import { regionFromName } from '../../src/domain/catalogue';

describe('regionFromName', () => {
  it('reads a region whatever the accents, case, spaces or hyphens, and the usual short names', () => {
    const cases: Array<[string, string | undefined]> = [
      ['Nouvelle-Aquitaine', 'nouvelle-aquitaine'],
      ['nouvelle aquitaine', 'nouvelle-aquitaine'],
      ['nouvelle-aquitaine', 'nouvelle-aquitaine'],
      ['Île-de-France', 'ile-de-france'],
      ["Provence-Alpes-Côte d'Azur", 'provence-alpes-cote-d-azur'],
      ['PACA', 'provence-alpes-cote-d-azur'],
      ['La Réunion', 'la-reunion'],
      ['Réunion', 'la-reunion'],
      ['  Bretagne ', 'bretagne'],
      ['Atlantide', undefined],
      ['', undefined],
    ];
    for (const [written, slug] of cases) expect([written, regionFromName(written)]).toEqual([written, slug]);
  });
});
