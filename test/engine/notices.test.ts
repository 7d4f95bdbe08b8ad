import path from 'node:path';
import { createNoticeComposer } from '../../src/engine/notices';
import { loadTranslator } from '../../src/engine/i18n';
import type { OutboundMessage } from '../../src/engine/types';
import { contact, opportunity } from '../support/factories';

const notices = createNoticeComposer({
  translator: loadTranslator(path.join(__dirname, '../../locales')),
  timezone: 'Europe/Paris',
  links: { calendar: (id) => `https://bot.example/calendar/${id}.ics` },
});
const text = (messages: OutboundMessage[]) =>
  messages.map((message) => ('text' in message ? message.text : '')).join('\n');

describe('notices with an optional field missing', () => {
  const dated = { startsAt: '2026-12-12T14:00:00.000Z', address: undefined, city: undefined };

  it.each(['fr', 'en'] as const)('name the time without a dangling comma when there is no address (%s)', (locale) => {
    const person = contact({ locale });
    const offer = text(notices.waitlistOffer(person, opportunity(dated), 's1', '2026-12-11T14:00:00.000Z'));
    const changed = text(notices.opportunityChanged(person, opportunity(dated)));
    for (const said of [offer, changed]) {
      expect(said).not.toMatch(/, \)|, \./);
      expect(said).toMatch(/15:00|3:00/);
    }
    const placed = text(
      notices.waitlistOffer(person, opportunity({ ...dated, city: 'Bordeaux' }), 's1', dated.startsAt),
    );
    expect(placed).toMatch(/(15:00|3:00[^,]*), Bordeaux\)/);
  });
});

describe('a broadcast in two languages', () => {
  const content = { text: 'Venez samedi !', textEn: 'Come on Saturday!', organisationName: 'Asso' };
  const said = (messages: OutboundMessage[]) => text(messages);

  it('gives English speakers the English text, everyone else the French', () => {
    expect(said(notices.broadcast(contact({ locale: 'en' }), content))).toBe('Asso — Come on Saturday!');
    expect(said(notices.broadcast(contact({ locale: 'fr' }), content))).toBe('Asso — Venez samedi !');
  });

  it('gives English speakers the French text when there is no English', () => {
    const frenchOnly = { text: 'Venez samedi !', organisationName: 'Asso' };
    expect(said(notices.broadcast(contact({ locale: 'en' }), frenchOnly))).toBe('Asso — Venez samedi !');
  });
});
