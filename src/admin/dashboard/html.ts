/** HTML for the dashboard: every value escaped, one layout, accessible form fields. */
import type { ChannelName, Locale } from '../../domain/model';
import type { AdminT } from '../i18n';

/** An escaped piece of HTML; plain strings are escaped when put in one. */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Part = Html | string | number | boolean | null | undefined | Part[];

function escapeText(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (Array.isArray(part)) return part.map(render).join('');
  if (part instanceof Html) return part.value;
  return escapeText(String(part));
}

/** A template tag: interpolated values are escaped unless they are Html already. */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0];
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1];
  });
  return new Html(out);
}

export interface Page {
  t: AdminT;
  locale: Locale;
  /** The bot's timezone: every time on the page is its wall time, and the page says which. */
  timezone: string;
  title: string;
  /** Signed-in pages show the navigation and the CSRF token in forms. */
  user?: { name: string; csrf: string; admin: boolean };
  flash?: string;
  /** The channels the bot runs, named at the foot of signed-in pages. */
  channels?: readonly ChannelName[];
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** An instant as the coordinator reads it: the bot's wall time, in the page's language. */
export function localTime(page: Page, iso: string): Html {
  return html`<time datetime="${iso}">${localTimeText(page, iso)}</time>`;
}

/** The same, as text inside a sentence. */
export function localTimeText(page: Pick<Page, 'locale' | 'timezone'>, iso: string): string {
  const key = `${page.locale}|${page.timezone}`;
  let format = timeFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(page.locale === 'fr' ? 'fr-FR' : 'en-GB', {
      timeZone: page.timezone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
    });
    timeFormats.set(key, format);
  }
  return format.format(new Date(iso));
}

export function csrfField(page: Page): Html {
  return page.user ? html`<input type="hidden" name="_csrf" value="${page.user.csrf}">` : html``;
}

/** A small form that only posts (publish, cancel...): a button with the CSRF token. */
export function postButton(page: Page, action: string, label: string, className = 'secondary'): Html {
  const button = html`<button type="submit" class="${className}">${label}</button>`;
  return html`<form method="post" action="${action}" class="inline">${csrfField(page)}${button}</form>`;
}

export function layout(page: Page, body: Html): string {
  const { t } = page;
  const nav = page.user
    ? html`<nav aria-label="${t('app.title')}"><ul>
        <li><a href="/admin/overview">${t('app.nav_overview')}</a></li>
        <li><a href="/admin/opportunities">${t('app.nav_opportunities')}</a></li>
        <li><a href="/admin/broadcasts">${t('app.nav_broadcasts')}</a></li>
        <li><a href="/admin/questions">${t('app.nav_questions')}</a></li>
        <li><a href="/admin/media">${t('app.nav_media')}</a></li>
        <li><a href="/admin/telegram">${t('app.nav_telegram')}</a></li>
        <li><a href="/admin/organisation">${t('organisation.nav')}</a></li>
      </ul>
      <div class="account"><a href="/admin/account">${t('app.signed_in_as', { name: page.user.name })}</a>
        ${postButton(page, '/admin/language', t('app.language'), 'link')}
        ${postButton(page, '/admin/logout', t('app.logout'), 'link')}</div></nav>`
    : '';
  const flash = page.flash ? html`<p class="flash" role="status">${page.flash}</p>` : '';
  const live =
    page.user && page.channels
      ? html`<p id="live-channels">${t('app.live_channels', {
          channels: page.channels.map((channel) => t(`channels.${channel}`)).join(' · '),
        })}</p>`
      : '';
  const document = html`<html lang="${page.locale}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title} · ${t('app.title')}</title><link rel="stylesheet" href="/admin/assets/admin.css">
<script src="/admin/assets/admin.js" defer></script></head>
<body><a class="skip" href="#main">${t('app.skip')}</a>
<header><p class="brand">${t('app.title')}</p>${nav}</header>
<main id="main"><h1>${page.title}</h1>${flash}${body}</main>
<footer><p>${t('app.times_in', { timezone: page.timezone })}</p>${live}</footer></body></html>`;
  return `<!doctype html>${document.value}`;
}

export interface FieldOptions {
  name: string;
  /** Which form, when a page has two fields of the same name: ids must stay unique for their labels. */
  form?: string;
  label: string;
  value?: string;
  error?: string;
  type?: string;
  required?: boolean;
  hint?: string;
  attributes?: Html;
}

/** A labelled input whose error is announced and tied to it (aria-describedby). */
export function field(options: FieldOptions): Html {
  const id = `f-${options.form ? `${options.form}-` : ''}${options.name.replace(/[^a-z0-9]/gi, '-')}`;
  const errorId = `${id}-error`;
  const required = options.required ? html` required` : '';
  const invalid = options.error ? html` aria-invalid="true" aria-describedby="${errorId}"` : '';
  const star = options.required ? html` <span aria-hidden="true">*</span>` : '';
  const input =
    options.type === 'textarea'
      ? html`<textarea id="${id}" name="${options.name}" rows="4"${required}${invalid}>${[
          options.value ?? '',
        ]}</textarea>`
      : html`<input id="${id}" name="${options.name}" type="${options.type ?? 'text'}" value="${options.value ?? ''}"
${required}${invalid}${options.attributes ?? ''}>`;
  return html`<div class="field${options.error ? ' invalid' : ''}"><label for="${id}">${options.label}${star}</label>
${input}
${options.error ? html`<p class="error" id="${errorId}">${options.error}</p>` : ''}</div>`;
}

export function select(options: {
  name: string;
  label: string;
  value?: string;
  choices: Array<[string, string]>;
  error?: string;
  any?: string;
  /** Another form on the page has a field of the same name: this one's id says which form. */
  form?: string;
}): Html {
  const id = `f-${options.form ? `${options.form}-` : ''}${options.name.replace(/[^a-z0-9]/gi, '-')}`;
  const invalid = options.error ? html` aria-invalid="true" aria-describedby="${id}-error"` : '';
  return html`<div class="field${options.error ? ' invalid' : ''}"><label for="${id}">${options.label}</label>
<select id="${id}" name="${options.name}"${invalid}>
${options.any !== undefined ? html`<option value="">${options.any}</option>` : ''}
${options.choices.map(([value, label]) => option(value, label, value === options.value))}
</select>${options.error ? html`<p class="error" id="${id}-error">${options.error}</p>` : ''}</div>`;
}

function option(value: string, label: string, selected: boolean): Html {
  return html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
}
