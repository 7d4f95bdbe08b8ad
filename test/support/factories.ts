import { hashPassword } from '../../src/admin/passwords';
import type { Account, Broadcast } from '../../src/domain/admin';
import { newOutboxEntry, type OutboxEntry } from '../../src/domain/outbox';
import type { Contact, Opportunity } from '../../src/domain/model';

export const NOW = '2026-11-24T10:00:00.000Z';

export function opportunity(overrides: Partial<Opportunity> = {}): Opportunity {
  return {
    id: 'opp1',
    organisationId: 'org1',
    kind: 'volunteering',
    title: { fr: 'Bénévolat au jardin partagé', en: 'Volunteering at the community garden' },
    summary: { fr: 'Jardiner avec les voisins', en: 'Gardening with neighbours' },
    description: { fr: 'Chaque samedi matin.', en: 'Every Saturday morning.' },
    themes: ['environment'],
    region: 'nouvelle-aquitaine',
    city: 'Bordeaux',
    remote: false,
    status: 'published',
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

export function contact(overrides: Partial<Contact> = {}): Contact {
  return {
    id: 'c1',
    identities: [{ channel: 'web', externalId: 'browser-1' }],
    locale: 'fr',
    interests: [],
    status: 'active',
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

export function outboxEntry(overrides: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    ...newOutboxEntry({
      id: overrides.id ?? 'o1',
      key: overrides.key ?? `key-${overrides.id ?? 'o1'}`,
      group: 'broadcast:b1',
      purpose: 'broadcast',
      contactId: 'c1',
      channel: 'telegram',
      externalId: '42',
      messages: [{ kind: 'text', text: 'Bonjour' }],
      notBefore: new Date(NOW),
      now: new Date(NOW),
    }),
    ...overrides,
  };
}

export const TEST_PASSWORD = 'correct horse battery';

/** An account whose password is TEST_PASSWORD: an administrator unless told otherwise. */
export async function account(overrides: Partial<Account> = {}): Promise<Account> {
  return {
    id: 'root',
    email: 'root@example.org',
    name: 'Root',
    role: 'admin',
    passwordHash: await hashPassword(TEST_PASSWORD),
    locale: 'fr',
    createdAt: '2026-11-01T00:00:00.000Z',
    ...overrides,
  };
}

/** A coordinator's broadcast scheduled for `sendAt` (five minutes after NOW unless said). */
export function broadcast(overrides: Partial<Broadcast> = {}): Broadcast {
  return {
    id: 'b1',
    organisationId: 'org1',
    text: 'Salut',
    audience: {},
    status: 'scheduled',
    sendAt: '2026-11-24T10:05:00.000Z',
    createdBy: 'a1',
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}
