/** Jest global teardown: stops the FerretDB the setup started, and removes its folder. */
import { rmSync } from 'node:fs';

export default async function stopFerretDb(): Promise<void> {
  const running = globalThis.ferretDb;
  if (!running) return;
  const exited = new Promise((resolve) => running.process.once('exit', resolve));
  running.process.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
  if (running.process.exitCode === null) running.process.kill('SIGKILL');
  rmSync(running.folder, { recursive: true, force: true });
}
