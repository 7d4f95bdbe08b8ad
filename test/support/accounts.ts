/** Dashboard accounts for tests: one call to add a coordinator or an administrator, one to sign in. */
import { hashPassword } from '../../src/admin/passwords';
import type { Account } from '../../src/domain/admin';
import type { Store } from '../../src/domain/ports';
import { postForm } from './sign-in-form';

export const TEST_PASSWORD = 'correct horse battery';
let hashed: Promise<string> | undefined;

/** An account with the test password; a coordinator unless `role` says otherwise. */
export async function addAccount(
  store: Pick<Store, 'accounts'>,
  account: Partial<Account> & Pick<Account, 'id' | 'email'>,
): Promise<Account> {
  hashed ??= hashPassword(TEST_PASSWORD);
  const full: Account = {
    name: account.id,
    role: 'coordinator',
    passwordHash: await hashed,
    locale: 'fr',
    createdAt: '2026-11-01T00:00:00.000Z',
    ...account,
  };
  await store.accounts.create(full);
  return full;
}

/** The session cookie of a sign-in through the form, as a browser gets it; undefined when refused. */
export async function signInCookie(url: string, email: string, password = TEST_PASSWORD): Promise<string | undefined> {
  const response = await postForm(url, '/admin/login', { email, password, next: '/admin' });
  return response.status === 303 ? response.headers.get('set-cookie')!.split(';')[0] : undefined;
}
