/** Jest global teardown: stops the FerretDB the setup started, and removes its folder. */
import { rmSync } from 'node:fs';

export default async function stopFerretDb(): Promise<void> {
  const running = globalThis.ferretDb;
  if (!running) return;
  const exited = new Promise((resolve) => running.process.once('exit', resolve));
  // Its data is a temporary folder about to be removed: nothing to shut down gracefully.
  running.process.kill('SIGKILL');
  await exited;
  rmSync(running.folder, { recursive: true, force: true });
}
