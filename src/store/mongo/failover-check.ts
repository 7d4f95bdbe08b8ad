/**
 * The failover check run before a release against a MongoDB replica set: sign-ups keep coming while
 * the primary is asked to step down; afterwards every acknowledged sign-up must still be there and
 * the place counter must equal the confirmed sign-ups (majority writes: nothing acknowledged is
 * rolled back).
 */
import { randomBytes } from 'node:crypto';
import { createMongoStore } from './index';

export interface FailoverReport {
  acknowledged: number;
  failedDuringElection: number;
  lost: number;
  counterMatches: boolean;
  oldPrimary: string;
  newPrimary: string;
  electionMs: number;
}

export class NotAReplicaSet extends Error {}

interface Hello {
  setName?: string;
  primary?: string;
}

export async function checkFailover(uri: string, options: { afterMs?: number } = {}): Promise<FailoverReport> {
  const store = await createMongoStore({ uri, dbName: `failover_${randomBytes(6).toString('hex')}`, attempts: 1 });
  const admin = store.connection.getClient().db('admin');
  try {
    const before = (await admin.command({ hello: 1 })) as Hello;
    if (!before.setName || !before.primary)
      throw new NotAReplicaSet(
        'MONGODB_URI does not name a replica set (its hello has no setName): the failover check needs one.',
      );
    const acknowledged: string[] = [];
    let failed = 0;
    let steppedDownAt = 0;
    let recoveredAt = 0;
    const deadline = Date.now() + (options.afterMs ?? 30_000);
    for (let i = 0; Date.now() < deadline || !recoveredAt; i++) {
      if (i === 50) {
        steppedDownAt = Date.now();
        // The primary closes its connections as it steps down: the command's own error is expected.
        await admin.command({ replSetStepDown: 10, secondaryCatchUpPeriodSecs: 5 }).catch(() => undefined);
      }
      const id = `s${i}`;
      try {
        const { outcome } = await store.signups.request({
          id,
          contactId: `c${i}`,
          opportunityId: 'failover',
          channel: 'web',
          capacity: undefined,
          joinWaitlist: false,
          now: new Date().toISOString(),
        });
        if (outcome === 'confirmed') acknowledged.push(id);
        if (steppedDownAt && !recoveredAt) recoveredAt = Date.now();
      } catch {
        failed++;
      }
      if (Date.now() > deadline + 60_000) break;
    }
    const after = (await admin.command({ hello: 1 })) as Hello;
    const found = await Promise.all(acknowledged.map((id) => store.signups.get(id)));
    const confirmed = found.filter((signup) => signup?.status === 'confirmed').length;
    return {
      acknowledged: acknowledged.length,
      failedDuringElection: failed,
      lost: acknowledged.length - confirmed,
      counterMatches: (await store.signups.countConfirmed('failover')) === confirmed,
      oldPrimary: before.primary,
      newPrimary: after.primary ?? 'none',
      electionMs: recoveredAt && steppedDownAt ? recoveredAt - steppedDownAt : -1,
    };
  } finally {
    await store.connection.dropDatabase().catch(() => undefined);
    await store.close();
  }
}
