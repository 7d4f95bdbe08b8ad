/**
 * Replies may go beyond the rate by this many messages within a second: a few people answered in
 * the same instant all get their reply at once, even while a broadcast uses every slot. At
 * Telegram's default 25 a second that stays within the 30 it allows.
 */
export const REPLY_BURST_SLOTS = 5;

/**
 * A platform's global sending rate, with two lanes. Bulk sends (alerts, broadcasts) queue and go
 * at the rate, in the order they asked. A reply (someone is chatting right now) goes at once and
 * pushes the next bulk slot back, so bulk yields to it; replies only wait when the last second
 * already saw the rate plus REPLY_BURST_SLOTS messages. A platform's "slow down" holds both lanes.
 */
export class RateGate {
  private nextAt = 0;
  private pausedUntil = 0;
  private readonly bulkQueue: Array<() => void> = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** How far the schedule may lag behind the clock: a late timer catches up, an idle gate banks nothing. */
  private readonly maxLagMs: number;
  /** Messages in any second, replies' burst included. */
  private readonly ceiling: number;
  /** When the messages of the last second went, oldest first (from `first` on). */
  private sent: number[] = [];
  private first = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  ) {
    this.maxLagMs = Math.max(intervalMs, 20);
    this.ceiling = Math.max(1, Math.floor(1000 / intervalMs)) + REPLY_BURST_SLOTS;
  }

  /** Goes at once unless the platform asked to wait or the last second is full; ahead of all bulk sends. */
  async reply(): Promise<void> {
    for (;;) {
      const now = this.now();
      if (this.pausedUntil > now) {
        await this.sleep(this.pausedUntil - now);
        continue;
      }
      const inLastSecond = this.countSince(now - 1000);
      if (inLastSecond < this.ceiling) {
        this.sent.push(now);
        // Bulk gives this slot up: over time, both lanes together keep to the rate.
        this.nextAt = Math.max(this.nextAt, now - this.maxLagMs) + this.intervalMs;
        return;
      }
      await this.sleep(Math.max(1, this.sent[this.first] + 1000 - now));
    }
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
    this.pausedUntil = Math.max(this.pausedUntil, at);
    this.nextAt = Math.max(this.nextAt, at);
  }

  get waiting(): number {
    return this.bulkQueue.length;
  }

  private countSince(since: number): number {
    while (this.first < this.sent.length && this.sent[this.first] <= since) this.first++;
    // Drop what was read past now and then, so the list stays about a second long.
    if (this.first > 1024 && this.first * 2 > this.sent.length) {
      this.sent = this.sent.slice(this.first);
      this.first = 0;
    }
    return this.sent.length - this.first;
  }

  private readonly pump = (): void => {
    this.timer = undefined;
    const now = this.now();
    this.nextAt = Math.max(this.nextAt, now - this.maxLagMs);
    // Slots follow an absolute schedule: timers that fire late are made up for, so the average holds.
    while (this.bulkQueue.length > 0 && this.nextAt <= now) {
      this.bulkQueue.shift()!();
      this.sent.push(now);
      this.nextAt += this.intervalMs;
    }
    // Keeps the record of the last second short even when only bulk sends go.
    this.countSince(now - 1000);
    if (this.bulkQueue.length > 0) this.timer = setTimeout(this.pump, this.nextAt - now);
  };
}
