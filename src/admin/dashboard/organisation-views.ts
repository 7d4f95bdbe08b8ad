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

export function administration(page: Page, organisations: OrganisationView[], accounts: PublicAccount[]): Html {
  const { t } = page;
  const name = (id: string | undefined) => organisations.find((o) => o.id === id)?.name ?? '—';
  const accountRow = (a: PublicAccount) =>
    html`<tr><td>${a.name}</td><td>${a.email}</td><td>${t(`organisation.role_${a.role}`)}</td>${[
      html`<td>${name(a.organisationId)}</td></tr>`,
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
<p><button type="submit">${t('organisation.save_name')}</button></p></form></section>`;
}
