import path from 'node:path';
import { loadTranslator } from '../../src/engine/i18n';
import { SHOW_TEMPLATES } from '../../src/engine/templates';
import { asJson, type SignupView } from '../../src/engine/views';
import { ROOT } from '../support/bot';

const context = {
  locale: 'fr' as const,
  translator: loadTranslator(path.join(ROOT, 'locales')),
  timezone: 'Europe/Paris',
  links: { calendar: (id: string) => `https://bot.example/calendar/${id}.ics` },
};

const signup = (startsAt?: string): SignupView => ({
  id: 's1',
  status: 'confirmed',
  opportunity: {
    id: 'o1',
    kind: 'volunteering',
    organisation: 'Asso',
    title: { fr: 'Soutien scolaire' },
    summary: {},
    description: {},
    themes: [],
    region: 'ile-de-france',
    remote: true,
    placesLeft: null,
    signupOpen: true,
    ...(startsAt ? { startsAt, endsAt: startsAt } : {}),
  },
});

describe('sign-up confirmation', () => {
  it('offers the calendar file, and promises a reminder, for a dated opportunity', () => {
    const [message] = SHOW_TEMPLATES.signup_confirmation(asJson(signup('2026-12-05T17:00:00Z')), context);
    expect(message).toMatchObject({
      kind: 'text',
      text: expect.stringContaining('Je te le rappellerai avant le rendez-vous'),
      choices: [{ url: 'https://bot.example/calendar/o1.ics' }],
    });
    expect((message as { text: string }).text).toContain('samedi 5 décembre, 18:00 – 18:00');
  });

  it('promises no reminder and offers no calendar for an ongoing role', () => {
    const [message] = SHOW_TEMPLATES.signup_confirmation(asJson(signup()), context);
    expect(message).toEqual({
      kind: 'text',
      text: "C'est noté, tu es inscrit·e ! ✅\nSoutien scolaire\n📅 Quand tu veux (mission continue)\n📍 À distance",
    });
  });
});
