/**
 * Finds a MongoDB for the contract suite: MONGODB_URI when set, else a server from
 * mongodb-memory-server (which downloads one, and cannot on machines without internet).
 * The outcome is passed to the test workers through the environment.
 */
import { MongoMemoryServer } from 'mongodb-memory-server-core';

const GIVE_UP_AFTER_MS = 30_000;

export default async function setup(): Promise<void> {
  if (process.env.MONGODB_URI) {
    process.env.TEST_MONGODB_URI = process.env.MONGODB_URI;
    return;
  }
  try {
    const server = await Promise.race([
      MongoMemoryServer.create(),
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`no server after ${GIVE_UP_AFTER_MS / 1000} s`)), GIVE_UP_AFTER_MS),
      ),
    ]);
    (globalThis as { mongoMemoryServer?: MongoMemoryServer }).mongoMemoryServer = server;
    process.env.TEST_MONGODB_URI = server.getUri();
  } catch (error) {
    process.env.TEST_MONGODB_SKIPPED = String(error).split('\n')[0];
  }
}
