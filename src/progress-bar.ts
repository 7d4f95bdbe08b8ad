/** A progress bar on stderr for the operator's long tasks (import, backup, copy), drawn from its first report. */
import { Presets, SingleBar } from 'cli-progress';

export interface ProgressBar {
  report: (done: number, total: number) => void;
  /** Ends the bar (its redraw timer would otherwise keep the process alive). */
  stop(): void;
}

export function progressBar(format: string): ProgressBar {
  let bar: SingleBar | undefined;
  return {
    report(done, total) {
      if (!bar) {
        bar = new SingleBar({ format, stream: process.stderr, noTTYOutput: true }, Presets.shades_classic);
        bar.start(total, 0);
      }
      bar.update(done);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
