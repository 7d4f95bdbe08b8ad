/** Coordinators' and administrators' accounts, their API tokens, and the Telegram chat they link. */
import type { Account } from '../../domain/admin';
import type { ChannelIdentity } from '../../domain/model';
import { accountLinkTarget, LINK_PREFIX } from '../../domain/linking';
import type { Store } from '../../domain/ports';
import { ForbiddenError, invalid, NotFoundError } from '../errors';
import { accountInput, parseInput, passwordChangeInput } from '../inputs';
import { hashPassword, hashToken, newSecret, verifyPassword } from '../passwords';
import { BOOTSTRAP_PRINCIPAL, requireAdmin, type Principal } from '../principal';

/** An account as shown: never its password's or token's hash. */
export type PublicAccount = Omit<Account, 'passwordHash' | 'apiTokenHash'>;

export function publicAccount(account: Account): PublicAccount {
  const { passwordHash: _password, apiTokenHash: _token, ...rest } = account;
  return rest;
}

export interface AccountsDeps {
  store: Pick<Store, 'accounts' | 'organisations' | 'adminSessions' | 'linkTokens'>;
  newId: () => string;
  clock: () => Date;
}

const LINK_VALIDITY_MS = 24 * 3600_000;

export class Accounts {
  constructor(private readonly deps: AccountsDeps) {}

  async list(principal: Principal): Promise<PublicAccount[]> {
    requireAdmin(principal);
    return (await this.deps.store.accounts.list()).map(publicAccount);
  }

  /** The bootstrap token may create the first administrator; afterwards only administrators create accounts. */
  async create(principal: Principal, body: unknown): Promise<PublicAccount> {
    requireAdmin(principal);
    const input = parseInput(accountInput, body);
    const { store } = this.deps;
    const organisation = input.organisationId ? await store.organisations.get(input.organisationId) : undefined;
    if (input.role === 'coordinator' && (!organisation || organisation.removedAt))
      throw invalid('organisationId', 'required', 'a coordinator belongs to an existing organisation');
    const account: Account = {
      id: this.deps.newId(),
      email: input.email,
      name: input.name,
      role: input.role,
      ...(input.role === 'coordinator' ? { organisationId: input.organisationId } : {}),
      passwordHash: await hashPassword(input.password),
      locale: input.locale,
      createdAt: this.deps.clock().toISOString(),
    };
    if (!(await store.accounts.create(account)))
      throw invalid('email', 'invalid', 'an account with this e-mail exists');
    return publicAccount(account);
  }

  /** One's own password: the provisional one an administrator gave, or any, replaced. */
  async changePassword(principal: Principal, body: unknown): Promise<void> {
    const input = parseInput(passwordChangeInput, body);
    const account = await this.deps.store.accounts.get(principal.accountId);
    if (!account) throw new NotFoundError('account');
    if (!(await verifyPassword(input.current, account.passwordHash)))
      throw invalid('current', 'wrong_password', 'the current password is not this one');
    if (input.current === input.password)
      throw invalid('password', 'same_password', 'the new password must differ from the current one');
    await this.deps.store.accounts.update(account.id, { passwordHash: await hashPassword(input.password) });
  }

  /**
   * An administrator gives a coordinator who lost their password a provisional one, shown once; every
   * session of that account ends, so whoever held the old password is signed out too.
   */
  async resetPassword(principal: Principal, accountId: string): Promise<string> {
    requireAdmin(principal);
    const password = newSecret(12);
    if (!(await this.deps.store.accounts.update(accountId, { passwordHash: await hashPassword(password) })))
      throw new NotFoundError('account');
    await this.deps.store.adminSessions.removeForAccount(accountId);
    return password;
  }

  count(): Promise<number> {
    return this.deps.store.accounts.count();
  }

  async endSession(sessionId: string): Promise<void> {
    await this.deps.store.adminSessions.remove(sessionId);
  }

  /** An administrator issues an account's API token, shown once; a new one replaces the old. */
  async issueApiToken(principal: Principal, accountId: string): Promise<string> {
    requireAdmin(principal);
    const token = newSecret(32);
    if (!(await this.deps.store.accounts.update(accountId, { apiTokenHash: hashToken(token) })))
      throw new NotFoundError('account');
    return token;
  }

  /** A new API token for the caller's own account, shown once. */
  async ownApiToken(principal: Principal): Promise<string> {
    if (principal.accountId === BOOTSTRAP_PRINCIPAL.accountId)
      throw new ForbiddenError('ADMIN_TOKEN has no account: create one, then sign in to make its token');
    const token = newSecret(32);
    await this.deps.store.accounts.update(principal.accountId, { apiTokenHash: hashToken(token) });
    return token;
  }

  /** The chat the coordinator's alerts go to, once linked. */
  async alertsTo(principal: Principal): Promise<ChannelIdentity | undefined> {
    return (await this.deps.store.accounts.get(principal.accountId))?.alertsTo;
  }

  /** A one-time link the coordinator opens in Telegram to receive new sign-ups and questions there. */
  async telegramLinkToken(principal: Principal): Promise<string> {
    return `${LINK_PREFIX}${await this.chatLinkToken(principal)}`;
  }

  /** A one-time token joining the chat that opens it (Telegram, or a browser's web chat) to the account. */
  async chatLinkToken(principal: Principal): Promise<string> {
    const token = `${this.deps.newId()}${this.deps.newId()}`.slice(0, 24);
    const expiresAt = new Date(this.deps.clock().getTime() + LINK_VALIDITY_MS).toISOString();
    await this.deps.store.linkTokens.create(token, accountLinkTarget(principal.accountId), expiresAt);
    return token;
  }
}
