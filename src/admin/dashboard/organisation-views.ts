/** The association page: where opportunities are also published; for administrators, associations and accounts. */
import type { Organisation } from '../../domain/model';
import type { PublicAccount } from '../features';
import { csrfField, field, html, select, type Html, type Page } from './html';

type PublicOrganisation = Omit<Organisation, 'publishTo'> & {
  publishTo?: { telegramChannel?: string; facebookPageId?: string; facebookPageToken?: string };
};

export function publishingForm(page: Page, organisation: PublicOrganisation, errors: Record<string, string>): Html {
  const { t } = page;
  const to = organisation.publishTo ?? {};
  return html`<section aria-labelledby="publishing"><h2 id="publishing">${t('organisation.publishing')} — ${organisation.name}</h2><p>${t('organisation.publishing_intro')}</p>
<form method="post" action="/admin/organisation/${organisation.id}/publishing" class="form">${csrfField(page)}
${field({ name: 'telegramChannel', label: t('organisation.telegramChannel'), value: to.telegramChannel ?? '', ...(errors.telegramChannel ? { error: errors.telegramChannel } : {}) })}
${field({ name: 'facebookPageId', label: t('organisation.facebookPageId'), value: to.facebookPageId ?? '', ...(errors.facebookPageId ? { error: errors.facebookPageId } : {}) })}
${field({ name: 'facebookPageToken', label: t('organisation.facebookPageToken'), type: 'password', attributes: html` autocomplete="off"` })}
${to.facebookPageToken ? html`<p class="note">${t('organisation.token_set')}</p>` : ''}
<p><button type="submit">${t('organisation.save')}</button></p></form></section>`;
}

export function administration(page: Page, organisations: PublicOrganisation[], accounts: PublicAccount[]): Html {
  const { t } = page;
  const name = (id: string | undefined) => organisations.find((o) => o.id === id)?.name ?? '—';
  return html`<section aria-labelledby="orgs"><h2 id="orgs">${t('organisation.organisations')}</h2>
<ul>${organisations.map((o) => html`<li><a href="/admin/organisation?id=${o.id}">${o.name}</a></li>`)}</ul>
<form method="post" action="/admin/organisations" class="form">${csrfField(page)}<h3>${t('organisation.new_organisation')}</h3>
${field({ name: 'name', label: t('organisation.name'), required: true })}${field({ name: 'website', label: t('organisation.website'), type: 'url' })}
<p><button type="submit">${t('organisation.create')}</button></p></form></section>
<section aria-labelledby="accounts"><h2 id="accounts">${t('organisation.accounts')}</h2>
<div class="table"><table><tbody>${accounts.map((a) => html`<tr><td>${a.name}</td><td>${a.email}</td><td>${t(`organisation.role_${a.role}`)}</td><td>${name(a.organisationId)}</td></tr>`)}</tbody></table></div>
<form method="post" action="/admin/accounts" class="form">${csrfField(page)}<h3>${t('organisation.new_account')}</h3>
${field({ name: 'name', label: t('organisation.name'), required: true })}${field({ name: 'email', label: t('organisation.email'), type: 'email', required: true })}
${select({ name: 'organisationId', label: t('organisation.organisation'), choices: organisations.map((o) => [o.id, o.name]) })}
${field({ name: 'password', label: t('organisation.password'), type: 'password', required: true, attributes: html` autocomplete="new-password" minlength="12"` })}
<p><button type="submit">${t('organisation.create')}</button></p></form></section>`;
}
