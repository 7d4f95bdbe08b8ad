/** How views become messages: the cards and presentations flows name with `cards:` and `show:`. */
import { localise, type Locale } from '../domain/model';
import type { Translator } from './i18n';
import { cardMedia, mediaMessages } from './media-messages';
import type { Card, JsonValue, OutboundMessage } from './types';
import {
  fromJson,
  type MyDataView,
  type OpportunityView,
  type ShareView,
  type SignupView,
  type SubscriptionView,
} from './views';

export interface LinkBuilder {
  /** The `.ics` file of an opportunity. */
  calendar(opportunityId: string): string;
  /** The file of everything kept about a web chat visitor ("mes données"). */
  dataExport?(visitorId: string): string;
}

export interface RenderContext {
  locale: Locale;
  translator: Translator;
  timezone: string;
  links: LinkBuilder;
}

type CardTemplate = (item: JsonValue, context: RenderContext) => Omit<Card, 'buttons'>;
type ShowTemplate = (data: JsonValue, context: RenderContext) => OutboundMessage[];

const intlLocale = (locale: Locale): string => (locale === 'fr' ? 'fr-FR' : 'en-GB');

// Building an Intl.DateTimeFormat costs far more than using one: keep one per language, zone and style.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: Locale, timezone: string, style: 'day' | 'time'): Intl.DateTimeFormat {
  const key = `${locale}|${timezone}|${style}`;
  let cached = formatters.get(key);
  if (!cached) {
    const options: Intl.DateTimeFormatOptions =
      style === 'day'
        ? { timeZone: timezone, weekday: 'long', day: 'numeric', month: 'long' }
        : { timeZone: timezone, hour: '2-digit', minute: '2-digit' };
    cached = new Intl.DateTimeFormat(intlLocale(locale), options);
    formatters.set(key, cached);
  }
  return cached;
}

function formatDay(iso: string, context: RenderContext): string {
  return formatter(context.locale, context.timezone, 'day').format(new Date(iso));
}

function formatTime(iso: string, context: RenderContext): string {
  return formatter(context.locale, context.timezone, 'time').format(new Date(iso));
}

// Opportunities have few distinct dates and every card shows one: remember the texts.
const whenTexts = new Map<string, string>();
const WHEN_CACHE_LIMIT = 5000;

/** "samedi 6 décembre, 14:00 – 17:00", a span of days, or "ongoing". */
export function formatWhen(view: Pick<OpportunityView, 'startsAt' | 'endsAt'>, context: RenderContext): string {
  const key = `${context.locale}|${context.timezone}|${view.startsAt ?? ''}|${view.endsAt ?? ''}`;
  let text = whenTexts.get(key);
  if (text === undefined) {
    if (whenTexts.size >= WHEN_CACHE_LIMIT) whenTexts.clear();
    text = describeWhen(view, context);
    whenTexts.set(key, text);
  }
  return text;
}

function describeWhen(view: Pick<OpportunityView, 'startsAt' | 'endsAt'>, context: RenderContext): string {
  const { t } = context.translator;
  if (!view.startsAt) return t(context.locale, 'opportunity.ongoing');
  const startDay = formatDay(view.startsAt, context);
  if (!view.endsAt)
    return t(context.locale, 'opportunity.when_start', { day: startDay, time: formatTime(view.startsAt, context) });
  const endDay = formatDay(view.endsAt, context);
  if (endDay === startDay) {
    return t(context.locale, 'opportunity.when_same_day', {
      day: startDay,
      start: formatTime(view.startsAt, context),
      end: formatTime(view.endsAt, context),
    });
  }
  return t(context.locale, 'opportunity.when_span', { start: startDay, end: endDay });
}

export function formatWhere(
  view: Pick<OpportunityView, 'remote' | 'address' | 'city'>,
  context: RenderContext,
): string {
  if (view.remote) return context.translator.t(context.locale, 'opportunity.remote');
  return [view.address, view.city].filter(Boolean).join(', ');
}

function formatPlaces(view: OpportunityView, context: RenderContext): string | undefined {
  if (view.placesLeft === null) return undefined;
  if (view.placesLeft <= 0) return context.translator.t(context.locale, 'opportunity.full');
  return context.translator.t(context.locale, 'opportunity.places_left', { count: view.placesLeft });
}

function opportunityCard(item: JsonValue, context: RenderContext): Omit<Card, 'buttons'> {
  const view = fromJson<OpportunityView>(item);
  const { t } = context.translator;
  const facts = [
    t(context.locale, `kinds.${view.kind}`),
    formatWhen(view, context),
    formatWhere(view, context),
    view.minAge !== undefined ? t(context.locale, 'discover.min_age', { age: view.minAge }) : '',
  ]
    .filter(Boolean)
    .join(' · ');
  return {
    title: localise(view.title, context.locale),
    subtitle: [facts, localise(view.summary, context.locale)].filter(Boolean).join('\n'),
    ...cardMedia(view.mediaUrl),
  };
}

function signupCard(item: JsonValue, context: RenderContext): Omit<Card, 'buttons'> {
  const view = fromJson<SignupView>(item);
  const card = opportunityCard(view.opportunity, context);
  const status = context.translator.t(context.locale, `signups.status_${view.status}`);
  return {
    ...card,
    subtitle: `${status} · ${formatWhen(view.opportunity, context)} · ${formatWhere(view.opportunity, context)}`,
  };
}

function subscriptionCard(item: JsonValue, context: RenderContext): Omit<Card, 'buttons'> {
  const view = fromJson<SubscriptionView>(item);
  const { t } = context.translator;
  const parts = [
    view.kind ? t(context.locale, `kinds.${view.kind}`) : undefined,
    view.region ? t(context.locale, `regions.${view.region}`) : undefined,
    view.remote ? t(context.locale, 'opportunity.remote') : undefined,
    view.theme ? t(context.locale, `themes.${view.theme}`) : undefined,
  ].filter((part): part is string => part !== undefined);
  return {
    title: parts.join(' · ') || t(context.locale, 'alerts.everything'),
    subtitle: t(context.locale, 'alerts.card_subtitle'),
  };
}

function opportunityDetails(data: JsonValue, context: RenderContext): OutboundMessage[] {
  const view = fromJson<OpportunityView>(data);
  const { t } = context.translator;
  const where = formatWhere(view, context);
  const about = localise(view.description, context.locale) || localise(view.summary, context.locale);
  // Lines about what the coordinator left out are left out, not shown empty.
  const lines = [
    localise(view.title, context.locale),
    view.organisation ? t(context.locale, 'opportunity.by', { organisation: view.organisation }) : undefined,
    '',
    `${t(context.locale, 'opportunity.when_label')} ${formatWhen(view, context)}`,
    where ? `${t(context.locale, 'opportunity.where_label')} ${where}` : undefined,
    formatPlaces(view, context),
    view.minAge === undefined
      ? undefined
      : t(context.locale, view.signupOpen ? 'opportunity.min_age' : 'opportunity.min_age_not_you', {
          age: view.minAge,
        }),
    ...(about ? ['', about] : []),
  ].filter((line): line is string => line !== undefined);
  const video = (url: string) => context.translator.t(context.locale, 'common.video_link', { url });
  return [...mediaMessages(view.mediaUrl, video), { kind: 'text', text: lines.join('\n') }];
}

function signupConfirmation(data: JsonValue, context: RenderContext): OutboundMessage[] {
  const view = fromJson<SignupView>(data);
  const { t } = context.translator;
  const where = formatWhere(view.opportunity, context);
  const params = {
    title: localise(view.opportunity.title, context.locale),
    when: formatWhen(view.opportunity, context),
    where,
    where_line: where ? `\n${t(context.locale, 'common.where_line', { where })}` : '',
  };
  const text = t(context.locale, `signup.confirmation_${view.status}`, params);
  // Only a dated opportunity has a calendar file and reminders, and only a confirmed place is
  // reminded: the waiting list's text already says they will hear when a place frees up.
  if (!view.opportunity.startsAt || view.status === 'waitlisted') return [{ kind: 'text', text }];
  const calendar = {
    label: t(context.locale, 'signup.add_to_calendar'),
    url: context.links.calendar(view.opportunity.id),
  };
  if (view.continueOn) {
    // Messenger: said plainly, with what works instead (the calendar's alarms, another channel).
    const others = view.continueOn.map((link) => ({
      label: t(context.locale, `reminders.continue_${link.channel}`),
      url: link.url,
    }));
    return [
      {
        kind: 'text',
        text: `${text}\n${t(context.locale, 'reminders.messenger_window')}`,
        choices: [calendar, ...others],
      },
    ];
  }
  return [{ kind: 'text', text: `${text}\n${t(context.locale, 'signup.calendar_hint')}`, choices: [calendar] }];
}

function myData(data: JsonValue, context: RenderContext): OutboundMessage[] {
  const view = fromJson<MyDataView>(data);
  const { t } = context.translator;
  const none = t(context.locale, 'privacy.none');
  const age = view.ageBracket ? t(context.locale, `age.${view.ageBracket}`) : none;
  const channels = view.channels.map((channel) => t(context.locale, `channels.${channel}`)).join(', ');
  const region = view.region ? t(context.locale, `regions.${view.region}`) : none;
  const { signups, subscriptions, questions } = view;
  const lines = [
    t(context.locale, 'privacy.data_intro'),
    `• ${t(context.locale, 'privacy.field_first_name')} ${view.firstName ?? none}`,
    `• ${t(context.locale, 'privacy.field_language')} ${t(context.locale, `languages.${view.locale}`)}`,
    `• ${t(context.locale, 'privacy.field_age')} ${age}`,
    `• ${t(context.locale, 'privacy.field_region')} ${region}`,
    `• ${t(context.locale, 'privacy.field_channels')} ${channels}`,
    `• ${t(context.locale, 'privacy.field_consent')} ${view.consentAt ? formatDay(view.consentAt, context) : none}`,
    `• ${t(context.locale, 'privacy.field_counts', { signups, subscriptions, questions })}`,
    `• ${t(context.locale, 'privacy.field_follows')} ${view.follows.length > 0 ? view.follows.join(', ') : none}`,
    '',
    t(context.locale, 'privacy.data_outro'),
  ];
  const url = view.exportFor !== undefined ? context.links.dataExport?.(view.exportFor) : undefined;
  const choices = url ? [{ label: t(context.locale, 'privacy.export'), url }] : undefined;
  const summary: OutboundMessage = { kind: 'text', text: lines.join('\n'), ...(choices ? { choices } : {}) };
  if (view.exportDocument === undefined) return [summary];
  // The file first, so the summary and its choices come last, under it.
  const document: OutboundMessage = {
    kind: 'document',
    filename: 'mes-donnees.json',
    content: view.exportDocument,
    caption: t(context.locale, 'privacy.export_caption'),
  };
  return [document, summary];
}

function shareLink(data: JsonValue, context: RenderContext): OutboundMessage[] {
  const view = fromJson<ShareView>(data);
  const { t } = context.translator;
  const title = localise(view.title, context.locale);
  const text = t(context.locale, 'share.text', { title, url: view.url });
  const share = { label: t(context.locale, 'share.share'), url: view.url, share: { title } };
  return [{ kind: 'text', text, choices: [share] }];
}

export const CARD_TEMPLATES: Record<string, CardTemplate> = {
  opportunity: opportunityCard,
  signup: signupCard,
  subscription: subscriptionCard,
};

export const SHOW_TEMPLATES: Record<string, ShowTemplate> = {
  opportunity_details: opportunityDetails,
  signup_confirmation: signupConfirmation,
  my_data: myData,
  share_link: shareLink,
};
