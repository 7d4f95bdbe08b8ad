/**
 * A platform's global sending rate, with two lanes. A reply (someone is chatting right now) takes
 * the next free slot at once; bulk sends (alerts, broadcasts) queue and only get the slots replies
 * leave, so a broadcast of a hundred thousand never delays an answer by more than one slot.
 */
export class RateGate {
  private nextAt = 0;
  private readonly bulkQueue: Array<() => void> = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** How far the schedule may lag behind the clock: a late timer catches up, an idle gate banks nothing. */
  private readonly maxLagMs: number;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.maxLagMs = Math.max(intervalMs, 20);
  }

  /** Waits for the next slot, ahead of all bulk sends. */
  async reply(): Promise<void> {
    const now = this.now();
    const at = Math.max(now, this.nextAt);
    this.nextAt = at + this.intervalMs;
    if (at > now) await this.sleep(at - now);
  }

  /** Waits until a slot is left over by replies; bulk sends go in the order they asked. */
  bulk(): Promise<void> {
    return new Promise((resolve) => {
      this.bulkQueue.push(resolve);
      if (!this.timer) this.pump();
    });
  }

  /** Nothing goes out before `at` (the platform asked us to slow down). */
  pauseUntil(at: number): void {
    this.nextAt = Math.max(this.nextAt, at);
  }

  get waiting(): number {
    return this.bulkQueue.length;
  }

  private readonly pump = (): void => {
    this.timer = undefined;
    const now = this.now();
    this.nextAt = Math.max(this.nextAt, now - this.maxLagMs);
    // Slots follow an absolute schedule: timers that fire late are made up for, so the average holds.
    while (this.bulkQueue.length > 0 && this.nextAt <= now) {
      this.bulkQueue.shift()!();
      this.nextAt += this.intervalMs;
    }
    if (this.bulkQueue.length > 0) this.timer = setTimeout(this.pump, this.nextAt - now);
  };
}
