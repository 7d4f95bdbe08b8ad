import fs from 'node:fs';
import path from 'node:path';
import { ROOT } from '../support/bot';

type Tree = { [key: string]: string | Tree };
const keys = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keys(value, `${prefix}${key}.`),
  );
const read = (locale: string) =>
  JSON.parse(fs.readFileSync(path.join(ROOT, 'locales', locale, 'admin.json'), 'utf8')) as Tree;

describe('dashboard texts', () => {
  it('has the same keys in French and English, none empty', () => {
    expect(keys(read('en')).sort()).toEqual(keys(read('fr')).sort());
    for (const locale of ['fr', 'en']) {
      const flat = keys(read(locale));
      const text = (key: string) =>
        key
          .split('.')
          .reduce<string | Tree>((node, part) => (typeof node === 'string' ? node : node[part]), read(locale));
      const blank = (value: string | Tree) => typeof value !== 'string' || value.trim() === '';
      expect(flat.filter((key) => blank(text(key)))).toEqual([]);
    }
  });

  it('has every text key the dashboard code names', () => {
    const dir = path.join(ROOT, 'src', 'admin');
    const sources = fs
      .readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => fs.readFileSync(path.join(dir, file), 'utf8'));
    const used = new Set(
      sources.flatMap((source) => [...source.matchAll(/\bt\('([a-z_]+\.[a-z0-9_]+)'/g)].map((match) => match[1])),
    );
    expect(used.size).toBeGreaterThan(40);
    const known = new Set(keys(read('fr')));
    expect([...used].filter((key) => !known.has(key) && !known.has(`${key}_other`))).toEqual([]);
  });
});
