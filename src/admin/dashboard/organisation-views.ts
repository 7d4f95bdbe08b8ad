/**
 * The association page: where opportunities are also published; for administrators, associations
 * and accounts.
 */
import type { OrganisationView, PublicAccount } from '../features';
import { PASSWORD_MIN_LENGTH } from '../inputs';
import { csrfField, field, html, select, type Html, type Page } from './html';

export function publishingForm(page: Page, organisation: OrganisationView, errors: Record<string, string>): Html {
  const { t } = page;
  const to = organisation.publishTo ?? {};
  const text = (name: 'telegramChannel' | 'facebookPageId') =>
    field({
      name,
      label: t(`organisation.${name}`),
      value: to[name] ?? '',
      ...(errors[name] ? { error: errors[name] } : {}),
    });
  const token = field({
    name: 'facebookPageToken',
    label: t('organisation.facebookPageToken'),
    type: 'password',
    attributes: html` autocomplete="off"`,
  });
  const title = html`<h2 id="publishing">${t('organisation.publishing')} — ${organisation.name}</h2>`;
  return html`<section aria-labelledby="publishing">${title}<p>${t('organisation.publishing_intro')}</p>
<form method="post" action="/admin/organisation/${organisation.id}/publishing" class="form">${csrfField(page)}
${text('telegramChannel')}
${text('facebookPageId')}
${token}
${to.facebookPageToken ? html`<p class="note">${t('organisation.token_set')}</p>` : ''}
<p><button type="submit">${t('organisation.save')}</button></p></form></section>`;
}

export function administration(
  page: Page,
  organisations: OrganisationView[],
  accounts: PublicAccount[],
  selfId: string,
): Html {
  const { t } = page;
  const name = (id: string | undefined) => organisations.find((o) => o.id === id)?.name ?? '—';
  // One's own password is changed from the account page, knowing the current one.
  const action = (a: PublicAccount) =>
    a.disabledAt
      ? t('organisation.disabled')
      : a.id === selfId
        ? html`<a href="/admin/account">${t('account.title')}</a>`
        : html`<a href="/admin/accounts/${a.id}/password">${t('organisation.reset_password')}</a>`;
  const accountRow = (a: PublicAccount) =>
    html`<tr><td>${a.name}</td><td>${a.email}</td><td>${t(`organisation.role_${a.role}`)}</td>${[
      html`<td>${name(a.organisationId)}</td><td>${action(a)}</td></tr>`,
    ]}`;
  const password = field({
    name: 'password',
    label: t('organisation.password'),
    type: 'password',
    required: true,
    attributes: html` autocomplete="new-password" minlength="${PASSWORD_MIN_LENGTH}"`,
  });
  const organisationChoice = select({
    name: 'organisationId',
    label: t('organisation.organisation'),
    choices: organisations.map((o) => [o.id, o.name]),
  });
  return html`<section aria-labelledby="orgs"><h2 id="orgs">${t('organisation.organisations')}</h2>
<ul>${organisations.map((o) => html`<li><a href="/admin/organisation?id=${o.id}">${o.name}</a></li>`)}</ul>
<form method="post" action="/admin/organisations" class="form">${csrfField(page)}${[
    html`<h3>${t('organisation.new_organisation')}</h3>`,
  ]}
${field({ name: 'name', form: 'organisation', label: t('organisation.name'), required: true })}${[
    field({ name: 'website', label: t('organisation.website'), type: 'url' }),
  ]}
<p><button type="submit">${t('organisation.create')}</button></p></form></section>
<section aria-labelledby="accounts"><h2 id="accounts">${t('organisation.accounts')}</h2>
<div class="table"><table><tbody>${accounts.map(accountRow)}</tbody></table></div>
<form method="post" action="/admin/accounts" class="form">${csrfField(page)}<h3>${t('organisation.new_account')}</h3>
${field({ name: 'name', form: 'account', label: t('organisation.name'), required: true })}${[
    field({ name: 'email', label: t('organisation.email'), type: 'email', required: true }),
  ]}
${organisationChoice}
${password}
<p><button type="submit">${t('organisation.create')}</button></p></form></section>`;
}

/** An administrator renames an association (names stay unique) or changes its website. */
export function renameForm(page: Page, organisation: OrganisationView): Html {
  const { t } = page;
  const name = field({
    name: 'name',
    form: 'rename',
    label: t('organisation.name'),
    value: organisation.name,
    required: true,
  });
  const website = field({
    name: 'website',
    form: 'rename',
    label: t('organisation.website'),
    type: 'url',
    value: organisation.website ?? '',
  });
  return html`<section aria-labelledby="rename"><h2 id="rename">${t('organisation.rename')}</h2>
<form method="post" action="/admin/organisation/${organisation.id}/name" class="form">${csrfField(page)}
${name}${website}
<p><button type="submit">${t('organisation.save_name')}</button></p></form>
<p><a href="/admin/organisation/${organisation.id}/remove">${t('organisation.remove')}</a></p></section>`;
}

/** Before an association is removed: what it means for its coordinators and its history. */
export function removeConfirmation(page: Page, organisation: OrganisationView, coordinators: number): Html {
  const { t } = page;
  const back = `/admin/organisation?id=${organisation.id}`;
  const confirm = t('organisation.remove_confirm', { name: organisation.name });
  return html`<p>${t('organisation.remove_intro', { count: coordinators })}</p>
<form method="post" action="/admin/organisation/${organisation.id}/remove" class="form">${csrfField(page)}
<p class="actions"><button type="submit" class="danger">${confirm}</button>
<a href="${back}">${t('organisation.cancel')}</a></p></form>`;
}

/** Before an account's password is replaced, then the provisional one, shown once. */
export function passwordReset(page: Page, account: PublicAccount, provisional?: string): Html {
  const { t } = page;
  if (provisional)
    return html`<p>${t('organisation.reset_done', { name: account.name })}</p>
<p><code id="provisional-password">${provisional}</code></p>
<p><a href="/admin/organisation">${t('organisation.title')}</a></p>`;
  return html`<p>${t('organisation.reset_intro')}</p>
<form method="post" action="/admin/accounts/${account.id}/password" class="form">${csrfField(page)}
<p class="actions"><button type="submit">${t('organisation.reset_confirm')}</button>
<a href="/admin/organisation">${t('organisation.cancel')}</a></p></form>`;
}
