/**
 * `npm run store:verify-mongo`, before a release: the store contract suite, then the failover
 * check, against the replica set MONGODB_URI names. Prints the failover report as one JSON line;
 * exits 1 if anything acknowledged was lost, the counter disagrees, or no new primary was elected.
 */
import { spawnSync } from 'node:child_process';
import { checkFailover } from './store/mongo/failover-check';

async function main(): Promise<void> {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('Set MONGODB_URI to the replica set to verify.');
  const contract = spawnSync('npx', ['jest', 'test/contract/mongo.test.ts'], { stdio: 'inherit' });
  if (contract.status !== 0) throw new Error('The MongoDB store contract failed on this server.');
  const report = await checkFailover(uri);
  process.stdout.write(`${JSON.stringify(report)}\n`);
  if (report.lost > 0 || !report.counterMatches || report.newPrimary === report.oldPrimary)
    throw new Error('Failover check failed: see the report above.');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
