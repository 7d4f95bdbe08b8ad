/**
 * Login attempts per address and per account: after 5 failures within 15 minutes, wait. Kept in the
 * process (a restart forgets); with several processes each counts its own, which still bounds guessing.
 */
export class LoginLimiter {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly clock: () => Date,
    private readonly maxFailures = 5,
    private readonly windowMs = 15 * 60_000,
  ) {}

  /** Seconds to wait before trying again, or 0. */
  retryAfter(keys: string[]): number {
    const now = this.clock().getTime();
    let wait = 0;
    for (const key of keys) {
      const recent = (this.failures.get(key) ?? []).filter((at) => at > now - this.windowMs);
      this.failures.set(key, recent);
      if (recent.length >= this.maxFailures) wait = Math.max(wait, Math.ceil((recent[0] + this.windowMs - now) / 1000));
    }
    return wait;
  }

  failed(keys: string[]): void {
    const now = this.clock().getTime();
    for (const key of keys) this.failures.set(key, [...(this.failures.get(key) ?? []), now]);
    if (this.failures.size > 10_000)
      for (const [key, times] of this.failures)
        if (times.every((at) => at <= now - this.windowMs)) this.failures.delete(key);
  }

  succeeded(keys: string[]): void {
    for (const key of keys) this.failures.delete(key);
  }
}
