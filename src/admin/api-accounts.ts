/** The admin API's associations and accounts: who runs the network, and for which association. */
import { bodyOf, param, type ApiEntry } from './api-kit';
import type { Admin } from './features';
import { accountInput, organisationInput, publishingInput } from './inputs';

export function accountRoutes(admin: Admin): ApiEntry[] {
  return [
    {
      method: 'get',
      path: '/organisations',
      summary: 'The associations the caller may see (an administrator: all)',
      handle: (_q, _r, who) => admin.organisations.list(who),
    },
    {
      method: 'post',
      path: '/organisations',
      summary: 'Add an association (administrators)',
      body: organisationInput,
      created: true,
      handle: (q, _r, who) => admin.organisations.create(who, bodyOf(q)),
    },
    {
      method: 'patch',
      path: '/organisations/:id',
      summary: 'Rename an association, or change its website (administrators)',
      body: organisationInput,
      handle: (q, _r, who) => admin.organisations.rename(who, param(q, 'id'), bodyOf(q)),
    },
    {
      method: 'delete',
      path: '/organisations/:id',
      summary:
        'Remove an association with no published opportunity and no broadcast on its way; its coordinators are ' +
        'signed out for good (administrators)',
      handle: async (q, _r, who) => {
        await admin.organisations.remove(who, param(q, 'id'));
        return { removed: true };
      },
    },
    {
      method: 'patch',
      path: '/organisations/:id/publishing',
      summary: "Where the association's published opportunities are also posted",
      body: publishingInput,
      handle: (q, _r, who) => admin.organisations.updatePublishing(who, param(q, 'id'), bodyOf(q)),
    },
    {
      method: 'get',
      path: '/accounts',
      summary: 'Every account (administrators)',
      handle: (_q, _r, who) => admin.accounts.list(who),
    },
    {
      method: 'post',
      path: '/accounts',
      summary: 'Create an account (administrators)',
      body: accountInput,
      created: true,
      handle: (q, _r, who) => admin.accounts.create(who, bodyOf(q)),
    },
    {
      method: 'post',
      path: '/accounts/:id/token',
      summary: "Issue an account's API token, shown once (administrators)",
      created: true,
      handle: async (q, _r, who) => ({ token: await admin.accounts.issueApiToken(who, param(q, 'id')) }),
    },
    {
      method: 'post',
      path: '/accounts/:id/password',
      summary: 'Give an account a provisional password, shown once, and end all its sessions (administrators)',
      handle: async (q, _r, who) => ({ password: await admin.accounts.resetPassword(who, param(q, 'id')) }),
    },
    {
      method: 'post',
      path: '/tokens',
      summary: "A new API token for the caller's own account, shown once",
      created: true,
      handle: async (_q, _r, who) => ({ token: await admin.accounts.ownApiToken(who) }),
    },
  ];
}
