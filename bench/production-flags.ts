/**
 * The flags node runs the bot with in production (the Procfile's web process, the same as
 * `npm start`): a benchmark that starts the bot passes them too, so it measures what is deployed.
 */
import fs from 'node:fs';
import path from 'node:path';

export function productionNodeFlags(root: string): string[] {
  const procfile = fs.readFileSync(path.join(root, 'Procfile'), 'utf8');
  const web = /^web: node (.*?)\s*dist\/main\.js\s*$/m.exec(procfile);
  if (!web) throw new Error('Procfile: no "web: node … dist/main.js" line');
  return web[1].split(/\s+/).filter(Boolean);
}
