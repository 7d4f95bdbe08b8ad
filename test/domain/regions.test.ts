/** Regions as people write them. */
import { regionFromName, regionInText } from '../../src/domain/catalogue';

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

describe('regionInText', () => {
  it('finds a region named in a typed search, in French or English, and leaves the other words', () => {
    expect(regionInText('bénévolat Nouvelle Aquitaine')).toEqual({ region: 'nouvelle-aquitaine', rest: 'benevolat' });
    expect(regionInText('internship in Brittany')).toEqual({ region: 'bretagne', rest: 'internship in' });
    expect(regionInText('stage Île-de-France ce mois')).toEqual({ region: 'ile-de-france', rest: 'stage ce mois' });
    expect(regionInText('Auvergne')).toEqual({ region: 'auvergne-rhone-alpes', rest: '' });
    expect(regionInText('jardin partagé')).toBeUndefined();
    // A word that merely contains a region's name is not it.
    expect(regionInText('corsetterie')).toBeUndefined();
  });
});
