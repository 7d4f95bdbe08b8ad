/** Sign-in, first account, question and Telegram pages. */
import type { QuestionView } from '../features';
import { PASSWORD_MIN_LENGTH } from '../inputs';
import { csrfField, field, html, localTime, type Html, type Page } from './html';

/** The sign-in fields: the address, and the password (a new one is held to the accounts' rule). */
function credentials(page: Page, email: string, password: 'current' | 'new'): Html {
  const attributes =
    password === 'new'
      ? html` autocomplete="new-password" minlength="${PASSWORD_MIN_LENGTH}"`
      : html` autocomplete="current-password"`;
  return html`${field({
    name: 'email',
    label: page.t('login.email'),
    type: 'email',
    value: email,
    required: true,
    attributes: html` autocomplete="username"`,
  })}
${field({ name: 'password', label: page.t('login.password'), type: 'password', required: true, attributes })}`;
}

const errorSummary = (error: string | undefined) =>
  error ? html`<p class="error-summary" role="alert">${error}</p>` : '';

/** `setupOpen`: no account yet, so the link to create the first one is shown. */
export function loginPage(
  page: Page,
  options: { csrf: string; email?: string; next?: string; error?: string; setupOpen?: boolean },
): Html {
  const { t } = page;
  return html`${errorSummary(options.error)}
<form method="post" action="/admin/login" class="form narrow">${[
    html`<input type="hidden" name="_csrf" value="${options.csrf}">`,
    html`<input type="hidden" name="next" value="${options.next ?? ''}">`,
  ]}
${credentials(page, options.email ?? '', 'current')}
<p><button type="submit">${t('login.submit')}</button></p></form>${
    options.setupOpen ? html`<p><a href="/admin/setup">${t('login.setup_link')}</a></p>` : ''
  }`;
}

export function setupPage(page: Page, csrf: string, error?: string): Html {
  const { t } = page;
  return html`<p>${t('setup.intro')}</p>${errorSummary(error)}
<form method="post" action="/admin/setup" class="form narrow"><input type="hidden" name="_csrf" value="${csrf}">
${field({ name: 'token', label: t('setup.token'), type: 'password', required: true })}
${field({ name: 'name', label: t('setup.name'), required: true })}
${credentials(page, '', 'new')}
<p><button type="submit">${t('setup.submit')}</button></p></form>`;
}

function questionCard(page: Page, q: QuestionView): Html {
  const { t } = page;
  const asked = t('questions.asked_by', { name: q.firstName ?? '—', channel: t(`channels.${q.channel}`) });
  const when = localTime(page, q.createdAt);
  const warning =
    q.reachable === 'closed'
      ? html`<p class="warning" role="note">${t('questions.closed')}</p>`
      : q.reachable === 'human_agent'
        ? html`<p class="note" role="note">${t('questions.human_agent')}</p>`
        : '';
  const answer = field({ name: 'text', label: t('questions.answer'), type: 'textarea', required: true });
  const disabled = q.reachable === 'closed' ? html` disabled` : '';
  const send = html`<p><button type="submit"${disabled}>${t('questions.send')}</button></p>`;
  const body =
    q.status === 'answered'
      ? html`<p><span class="badge">${t('questions.answered')}</span> ${q.answer?.text ?? ''}</p>`
      : html`${warning}
<form method="post" action="/admin/questions/${q.id}/answer" class="form">${csrfField(page)}${answer}${send}</form>`;
  return html`<li class="card"><p class="quote">${q.text}</p><p class="meta">${asked} · ${when}</p>
${body}</li>`;
}

export function questionsPage(page: Page, questions: QuestionView[]): Html {
  if (questions.length === 0) return html`<p>${page.t('questions.empty')}</p>`;
  return html`<ul class="cards">${questions.map((q) => questionCard(page, q))}</ul>`;
}

/**
 * Where a coordinator receives new sign-ups, questions and broadcast tests: Telegram when the bot has
 * it, or the web chat of their own browser (always there, so a test never needs Telegram).
 */
export function chatsPage(
  page: Page,
  links: { telegram?: string; web: string; linked?: { channel: string; externalId: string } },
): Html {
  const { t } = page;
  const linked = links.linked
    ? html`<p role="status" id="linked-chat">${t(`telegram.linked_${links.linked.channel}`, {
        chat: links.linked.externalId,
      })}</p>`
    : '';
  // Without a Telegram bot there is nothing to link there: saying so beats an intro with no link.
  const telegram = links.telegram
    ? html`<p>${t('telegram.intro')}</p><p><a class="button" href="${links.telegram}">${links.telegram}</a></p>`
    : html`<p role="status">${t('telegram.not_configured')}</p>`;
  return html`${linked}<h2>Telegram</h2>${telegram}
<h2>${t('telegram.web_title')}</h2><p>${t('telegram.web_intro')}</p>
<p><a class="button secondary" href="${links.web}" id="link-web-chat">${t('telegram.web_link')}</a></p>`;
}

/** One's own password, changed: the current one first, so a borrowed session cannot take the account. */
export function passwordForm(page: Page, errors: Record<string, string>): Html {
  const { t } = page;
  const errorOf = (name: string) => (errors[name] ? { error: errors[name] } : {});
  return html`<form method="post" action="/admin/account" class="form">${csrfField(page)}
${field({ name: 'current', label: t('account.current'), type: 'password', required: true, ...errorOf('current') })}
${field({ name: 'password', label: t('account.new'), type: 'password', required: true, ...errorOf('password') })}
<p><button type="submit">${t('account.change')}</button></p></form>`;
}
