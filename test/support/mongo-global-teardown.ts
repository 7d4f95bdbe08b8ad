import type { MongoMemoryServer } from 'mongodb-memory-server-core';

export default async function teardown(): Promise<void> {
  await (globalThis as { mongoMemoryServer?: MongoMemoryServer }).mongoMemoryServer?.stop();
}
