/**
 * Every text a person can get about an opportunity reads well whatever the coordinator left out:
 * each template and notice is rendered, in both languages, with the opportunity complete, with each
 * optional field missing in turn, and with all of them missing.
 */
import path from 'node:path';
import { LOCALES, type Locale, type Opportunity } from '../../src/domain/model';
import { loadTranslator } from '../../src/engine/i18n';
import { createNoticeComposer } from '../../src/engine/notices';
import { CARD_TEMPLATES, SHOW_TEMPLATES } from '../../src/engine/templates';
import type { OutboundMessage } from '../../src/engine/types';
import { asJson, type OpportunityView } from '../../src/engine/views';
import { contact, opportunity } from '../support/factories';

const translator = loadTranslator(path.join(__dirname, '../../locales'));
const links = { calendar: (id: string) => `https://bot.example/calendar/${id}.ics` };
const notices = createNoticeComposer({ translator, timezone: 'Europe/Paris', links });

const complete = opportunity({
  title: { fr: 'Jardiner au potager', en: 'Gardening at the plot' },
  summary: { fr: 'Planter et récolter.', en: 'Plant and harvest.' },
  description: { fr: 'Tout le matériel est fourni.', en: 'All tools provided.' },
  city: 'Talence',
  address: 'Parc Peixotto',
  startsAt: '2026-12-12T08:30:00.000Z',
  endsAt: '2026-12-12T11:30:00.000Z',
  capacity: 12,
  minAge: 16,
  mediaUrl: 'https://bot.example/media/demo/garden.png',
  themes: ['environment'],
});

type Variant = [string, Opportunity];
const without = (name: string, change: Partial<Opportunity>, drop: (keyof Opportunity)[] = []): Variant => {
  const copy: Partial<Opportunity> = { ...complete, ...change };
  for (const field of drop) delete copy[field];
  return [name, copy as Opportunity];
};

const VARIANTS: Variant[] = [
  ['complete', complete],
  without('no city', {}, ['city']),
  without('no address', {}, ['address']),
  without('no place at all (remote)', { remote: true }, ['city', 'address']),
  without('no end', {}, ['endsAt']),
  without('no dates (ongoing)', {}, ['startsAt', 'endsAt']),
  without('no capacity', {}, ['capacity']),
  without('no age limit', {}, ['minAge']),
  without('no media', {}, ['mediaUrl']),
  without('no description', { description: {} }),
  without('no summary', { summary: {} }),
  without('French only', {
    title: { fr: 'Jardiner au potager' },
    summary: { fr: 'Planter et récolter.' },
    description: { fr: 'Tout le matériel est fourni.' },
  }),
  without('no themes', { themes: [] }),
  without('everything optional missing', { summary: {}, description: {}, themes: [], remote: false }, [
    'city',
    'address',
    'startsAt',
    'endsAt',
    'capacity',
    'minAge',
    'mediaUrl',
  ]),
];

const view = (item: Opportunity, organisation: string): OpportunityView => {
  const {
    organisationId: _o,
    capacity,
    minAge,
    status: _s,
    signupFields: _f,
    createdAt: _c,
    updatedAt: _u,
    ...rest
  } = item;
  return {
    ...rest,
    organisation,
    placesLeft: capacity === undefined ? null : 3,
    ...(minAge !== undefined ? { minAge } : {}),
    signupOpen: true,
  };
};

/** Everything a person reads in these messages. */
function texts(messages: OutboundMessage[]): string[] {
  return messages.flatMap((message) => {
    const labels = 'choices' in message ? (message.choices ?? []).map((choice) => choice.label) : [];
    if (message.kind === 'text') return [message.text, ...labels];
    if (message.kind === 'cards')
      return [
        ...message.cards.flatMap((card) => [card.title, card.subtitle, ...card.buttons.map((b) => b.label)]),
        ...labels,
      ];
    return message.caption ? [message.caption] : [];
  });
}

// What a missing field leaves behind when a sentence does not account for it.
const DEFECTS: Array<[string, RegExp]> = [
  ['a missing value', /undefined|null|NaN|\[object Object\]|\{\{|\}\}/],
  ['empty brackets', /\(\s*\)|\(\s*[,·]|[,·]\s*\)/],
  ['a dangling separator', /(^|\n)\s*[,·:–-]\s|[,·]\s*($|\n)|·\s*·|,\s*,|,\s*\./],
  ['a doubled space', /\S {2,}\S/],
  // A line ending in a space was cut where a value should have been ("Proposé par ", "📍 Où : ").
  ['a line cut after its label', /[ \t\u00a0]+(\n|$)/],
  ['blank lines at the end', /\n\s*$/],
];

function rendered(item: Opportunity, locale: Locale, organisation: string): Record<string, string[]> {
  const person = contact({ locale });
  const context = { locale, translator, timezone: 'Europe/Paris', links };
  const opportunityView = asJson(view(item, organisation));
  return {
    card: texts([{ kind: 'cards', cards: [{ ...CARD_TEMPLATES.opportunity(opportunityView, context), buttons: [] }] }]),
    details: texts(SHOW_TEMPLATES.opportunity_details(opportunityView, context)),
    confirmed: texts(
      SHOW_TEMPLATES.signup_confirmation(
        asJson({ id: 's1', status: 'confirmed', opportunity: view(item, organisation) }),
        context,
      ),
    ),
    waitlisted: texts(
      SHOW_TEMPLATES.signup_confirmation(
        asJson({ id: 's1', status: 'waitlisted', opportunity: view(item, organisation) }),
        context,
      ),
    ),
    share: texts(SHOW_TEMPLATES.share_link(asJson({ url: 'https://bot.example/o/1', title: item.title }), context)),
    reminder: texts(notices.reminder(person, item, 's1')),
    followUp: texts(notices.followUp(person, item, 's1')),
    waitlistOffer: texts(notices.waitlistOffer(person, item, 's1', '2026-12-11T08:30:00.000Z')),
    offerExpired: texts(notices.offerExpired(person, item)),
    changed: texts(notices.opportunityChanged(person, item)),
    cancelled: texts(notices.opportunityCancelled(person, item)),
    alert: texts(notices.alert(person, item, organisation)),
    broadcast: texts(notices.broadcast(person, { text: 'Venez !', opportunity: item, organisationName: organisation })),
    publication: [notices.publication(locale, item, organisation, 'https://bot.example/o/1')],
  };
}

describe('texts with optional fields missing', () => {
  const cases = VARIANTS.flatMap(([name, item]) =>
    LOCALES.flatMap((locale) => ['Asso du quartier', ''].map((organisation) => ({ name, item, locale, organisation }))),
  );

  it.each(cases)('$name, $locale, organisation "$organisation"', ({ item, locale, organisation }) => {
    const problems: string[] = [];
    for (const [template, lines] of Object.entries(rendered(item, locale, organisation))) {
      for (const line of lines) {
        for (const [defect, pattern] of DEFECTS)
          if (pattern.test(line)) problems.push(`${template}: ${defect} in ${JSON.stringify(line)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('says something in every template, also with nothing optional', () => {
    const [, bare] = VARIANTS[VARIANTS.length - 1];
    for (const [template, lines] of Object.entries(rendered(bare, 'fr', 'Asso'))) {
      expect({ template, said: lines.join('').length > 0 }).toEqual({ template, said: true });
    }
  });
});
