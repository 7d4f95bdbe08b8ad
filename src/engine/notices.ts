/**
 * The engine's side of what the bot sends on its own: translated texts whose buttons are ordinary
 * flow payloads (flows/reminders.yaml, flows/discover.yaml), so a tap days later lands in the
 * conversation like any other.
 */
import { localise, type Contact, type Opportunity } from '../domain/model';
import type { NoticeComposer } from '../domain/notices';
import { cardMedia, mediaMessages } from './media-messages';
import { encodePayload } from './payload';
import { formatWhen, formatWhere, type RenderContext } from './templates';
import type { Translator } from './i18n';
import type { LinkBuilder } from './templates';
import type { Choice, OutboundMessage } from './types';

export interface NoticeOptions {
  translator: Translator;
  timezone: string;
  links: LinkBuilder;
}

export function createNoticeComposer(options: NoticeOptions): NoticeComposer {
  const context = (contact: Contact): RenderContext => ({
    locale: contact.locale,
    translator: options.translator,
    timezone: options.timezone,
    links: options.links,
  });
  const t = (contact: Contact, key: string, params?: Record<string, string | number>) =>
    options.translator.t(contact.locale, key, params);
  const facts = (contact: Contact, opportunity: Opportunity) => {
    const view = {
      startsAt: opportunity.startsAt,
      endsAt: opportunity.endsAt,
      remote: opportunity.remote,
      address: opportunity.address,
      city: opportunity.city,
    };
    const when = formatWhen(view, context(contact));
    const where = formatWhere(view, context(contact));
    return {
      title: localise(opportunity.title, contact.locale),
      when,
      where,
      // Its own line, or nothing at all when the opportunity has no place.
      where_line: where ? `\n${t(contact, 'common.where_line', { where })}` : '',
      // For sentences that name both: an opportunity without an address reads "(samedi à 15:00)",
      // not "(samedi à 15:00, )".
      whenWhere: [when, where].filter(Boolean).join(', '),
    };
  };
  const button = (contact: Contact, label: string, node: string, choice: string, arg: string): Choice => ({
    label: t(contact, label),
    payload: encodePayload({ flow: 'reminders', node, choice, arg }),
  });
  const text = (body: string, choices?: Choice[]): OutboundMessage =>
    choices ? { kind: 'text', text: body, choices } : { kind: 'text', text: body };

  return {
    reminder(contact, opportunity, signupId) {
      return [
        text(t(contact, 'reminders.reminder', facts(contact, opportunity)), [
          button(contact, 'reminders.attend', 'reminder', 'attend', signupId),
          button(contact, 'reminders.cancel', 'reminder', 'cancel', signupId),
        ]),
      ];
    },
    followUp(contact, opportunity, signupId) {
      return [
        text(t(contact, 'reminders.followup', facts(contact, opportunity)), [
          button(contact, 'reminders.came', 'followup', 'came', signupId),
          button(contact, 'reminders.missed', 'followup', 'missed', signupId),
        ]),
      ];
    },
    waitlistOffer(contact, opportunity, signupId, expiresAt) {
      const deadline = formatWhen({ startsAt: expiresAt }, context(contact));
      return [
        text(t(contact, 'reminders.offer', { ...facts(contact, opportunity), deadline }), [
          button(contact, 'reminders.offer_accept', 'offer', 'accept', signupId),
          button(contact, 'reminders.offer_decline', 'offer', 'decline', signupId),
        ]),
      ];
    },
    offerExpired(contact, opportunity) {
      return [text(t(contact, 'reminders.offer_expired', facts(contact, opportunity)))];
    },
    opportunityChanged(contact, opportunity) {
      return [
        text(t(contact, 'reminders.changed', facts(contact, opportunity)), [
          {
            label: t(contact, 'main.signups'),
            payload: encodePayload({ flow: 'main', node: 'menu', choice: 'signups' }),
          },
        ]),
      ];
    },
    opportunityCancelled(contact, opportunity) {
      return [text(t(contact, 'reminders.cancelled', facts(contact, opportunity)))];
    },
    broadcast(contact, content) {
      const messages = mediaMessages(content.mediaUrl, (url) => t(contact, 'common.video_link', { url }));
      // English speakers read the English text when there is one; everyone else the French.
      const words = contact.locale === 'en' && content.textEn ? content.textEn : content.text;
      messages.push(text(content.organisationName ? `${content.organisationName} — ${words}` : words));
      if (content.opportunity) messages.push(this.alert(contact, content.opportunity, content.organisationName)[1]);
      return messages;
    },
    answer(contact, answer, organisationName) {
      return [
        text(
          t(contact, 'reminders.answer', { organisation: organisationName || t(contact, 'reminders.team'), answer }),
          [
            {
              label: t(contact, 'reminders.reply'),
              payload: encodePayload({ flow: 'main', node: 'menu', choice: 'human' }),
            },
            {
              label: t(contact, 'main.discover'),
              payload: encodePayload({ flow: 'main', node: 'menu', choice: 'discover' }),
            },
          ],
        ),
      ];
    },
    sharedLinkWorked(contact, opportunity, newcomerName) {
      const title = localise(opportunity.title, contact.locale);
      const said = newcomerName
        ? t(contact, 'reminders.link_worked', { name: newcomerName, title })
        : t(contact, 'reminders.link_worked_someone', { title });
      return [
        text(said, [
          {
            label: t(contact, 'main.impact'),
            payload: encodePayload({ flow: 'main', node: 'more', choice: 'impact' }),
          },
        ]),
      ];
    },
    coordinatorAlert(contact, what, details) {
      return [
        text(
          t(contact, `reminders.coordinator_${what}`, {
            title: details.title ?? '',
            name: details.firstName ?? '—',
            text: details.text ?? '',
          }),
        ),
      ];
    },
    publication(locale, opportunity, organisationName, link) {
      const reader = { locale } as Contact;
      const { title, when, where } = facts(reader, opportunity);
      return [
        organisationName
          ? t(reader, 'reminders.publication_heading', { organisation: organisationName, title })
          : t(reader, 'reminders.publication_heading_alone', { title }),
        t(reader, 'reminders.publication_when', { when }),
        where ? t(reader, 'common.where_line', { where }) : '',
        localise(opportunity.summary, locale),
        link ? t(reader, 'reminders.publication_link', { link }) : '',
      ]
        .filter(Boolean)
        .join('\n');
    },
    alert(contact, opportunity, organisationName) {
      const { title, when, where } = facts(contact, opportunity);
      const details = (choice: string, label: string): Choice => ({
        label: t(contact, label),
        payload: encodePayload({ flow: 'discover', node: 'show_results', choice, arg: opportunity.id }),
      });
      return [
        text(t(contact, 'reminders.alert_intro')),
        {
          kind: 'cards',
          cards: [
            {
              title,
              subtitle: [t(contact, `kinds.${opportunity.kind}`), when, where, organisationName]
                .filter(Boolean)
                .join(' · '),
              ...cardMedia(opportunity.mediaUrl),
              buttons: [details('details', 'discover.details'), details('signup', 'discover.signup')],
            },
          ],
          choices: [
            {
              label: t(contact, 'alerts.stop_all'),
              payload: encodePayload({ flow: 'alerts', node: 'show', choice: 'stop' }),
            },
          ],
        },
      ];
    },
  };
}
