/**
 * MongoDB makes each conditional update atomic on the server, so any number of processes can share
 * it. FerretDB 1.x does not: it reads then writes, so two conditional updates at once can both
 * match (measured: 50 concurrent sign-ups for 10 places confirmed 50). On FerretDB the store
 * therefore runs its conditional writes one at a time in this process, which is correct for one
 * bot process and only for one; the README says so, and start-up logs it.
 */
import type { Connection } from 'mongoose';
import { KeyedLock } from '../../util/keyed-lock';

export interface WriteGuard {
  /** Whether writes are serialised in this process (FerretDB) rather than atomic on the server. */
  readonly inProcess: boolean;
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

export const serverAtomic: WriteGuard = { inProcess: false, run: (_key, task) => task() };

export function inProcess(): WriteGuard {
  const lock = new KeyedLock();
  return { inProcess: true, run: (key, task) => lock.run(key, task) };
}

/** FerretDB answers buildInfo with its own version next to the MongoDB version it emulates. */
export async function isFerretDb(connection: Connection): Promise<boolean> {
  const info = await connection.getClient().db('admin').command({ buildInfo: 1 });
  return typeof info.ferretdbVersion === 'string';
}
