/**
 * How wrong passwords and tokens are slowed down (rate-limiter-flexible's counters, kept in this
 * process: a restart forgets them; with several processes each counts its own, which still bounds
 * guessing).
 *
 * - One e-mail from one address: the 5th failure in an hour makes that pair wait 1 s, then 2 s, 4 s...
 *   up to 15 minutes. Only the pair waits: a stranger guessing a coordinator's password does not lock
 *   the coordinator out.
 * - One address: 20 failures in 15 minutes, whichever e-mails (an association's office shares one).
 * - One account from everywhere (a guess spread over many addresses): 100 failures in an hour, then
 *   it waits until the hour ends, except from an address it signed in from since this process started.
 * - Wrong bearer tokens: 20 in 15 minutes per address.
 */
import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';

const PAIR_FREE_FAILURES = 5;
const PAIR_MAX_WAIT_S = 15 * 60;
const ADDRESS_FAILURES = 20;
const ACCOUNT_FAILURES = 100;

const secondsLeft = (res: RateLimiterRes | null, beyond: number): number =>
  res && res.consumedPoints > beyond ? Math.ceil(res.msBeforeNext / 1000) : 0;

export class LoginThrottle {
  private readonly pairFailures = new RateLimiterMemory({ keyPrefix: 'pair', points: 1e9, duration: 3600 });
  private readonly pairWait = new RateLimiterMemory({ keyPrefix: 'pair-wait', points: 1, duration: 1 });
  private readonly address = new RateLimiterMemory({ keyPrefix: 'address', points: ADDRESS_FAILURES, duration: 900 });
  private readonly account = new RateLimiterMemory({ keyPrefix: 'account', points: ACCOUNT_FAILURES, duration: 3600 });
  private readonly tokens = new RateLimiterMemory({ keyPrefix: 'token', points: ADDRESS_FAILURES, duration: 900 });
  private readonly knownAddresses = new Map<string, Set<string>>();

  /** Seconds before this e-mail may try again from this address, or 0. */
  async loginWait(email: string, address: string): Promise<number> {
    const account = email.trim().toLowerCase();
    const [pair, byAddress, byAccount] = await Promise.all([
      this.pairWait.get(pairKey(account, address)),
      this.address.get(address),
      this.account.get(account),
    ]);
    const known = this.knownAddresses.get(account)?.has(address) ?? false;
    return Math.max(
      secondsLeft(pair, 1),
      secondsLeft(byAddress, ADDRESS_FAILURES - 1),
      known ? 0 : secondsLeft(byAccount, ACCOUNT_FAILURES - 1),
    );
  }

  async loginFailed(email: string, address: string): Promise<void> {
    const account = email.trim().toLowerCase();
    const key = pairKey(account, address);
    const failures = await this.pairFailures.penalty(key);
    if (failures.consumedPoints >= PAIR_FREE_FAILURES)
      await this.pairWait.block(key, Math.min(PAIR_MAX_WAIT_S, 2 ** (failures.consumedPoints - PAIR_FREE_FAILURES)));
    await Promise.all([this.address.penalty(address), this.account.penalty(account)]);
  }

  async loginSucceeded(email: string, address: string): Promise<void> {
    const account = email.trim().toLowerCase();
    const key = pairKey(account, address);
    await Promise.all([this.pairFailures.delete(key), this.pairWait.delete(key)]);
    const known = this.knownAddresses.get(account) ?? new Set<string>();
    known.add(address);
    this.knownAddresses.set(account, known);
  }

  /** Seconds before this address may present a token again, or 0. */
  async tokenWait(address: string): Promise<number> {
    return secondsLeft(await this.tokens.get(address), ADDRESS_FAILURES - 1);
  }

  async tokenFailed(address: string): Promise<void> {
    await this.tokens.penalty(address);
  }
}

const pairKey = (account: string, address: string) => `${account}\u0000${address}`;
