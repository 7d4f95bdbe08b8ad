import type { Store } from '../../domain/ports';
import { EmbeddedAccounts, EmbeddedAdminSessions, EmbeddedBroadcasts } from './admin';
import { EmbeddedContacts } from './contacts';
import { EmbeddedDb } from './db';
import { Journal } from './journal';
import { EmbeddedInbox, EmbeddedLinkTokens, EmbeddedMetrics, EmbeddedPayloadRefs } from './logs';
import { EmbeddedMailbox, EmbeddedOutbox } from './outbox';
import { EmbeddedOpportunities, EmbeddedOrganisations } from './opportunities';
import { EmbeddedQuestions, EmbeddedSessions, EmbeddedSubscriptions } from './people';
import { EmbeddedSignups } from './signups';

export interface EmbeddedStoreOptions {
  /** Folder for the data files; in memory only when absent. */
  dir?: string;
  compactAfterBytes?: number;
}

export function createEmbeddedStore(options: EmbeddedStoreOptions = {}): Store {
  const journal = options.dir ? new Journal({ dir: options.dir, compactAfterBytes: options.compactAfterBytes }) : undefined;
  let db: EmbeddedDb;
  try {
    db = new EmbeddedDb(journal);
  } catch (error) {
    journal?.close();
    throw error;
  }
  let closed = false;
  return {
    organisations: new EmbeddedOrganisations(db),
    opportunities: new EmbeddedOpportunities(db),
    contacts: new EmbeddedContacts(db),
    signups: new EmbeddedSignups(db),
    subscriptions: new EmbeddedSubscriptions(db),
    sessions: new EmbeddedSessions(db),
    questions: new EmbeddedQuestions(db),
    inbox: new EmbeddedInbox(db),
    payloadRefs: new EmbeddedPayloadRefs(db),
    metrics: new EmbeddedMetrics(db),
    outbox: new EmbeddedOutbox(db),
    mailbox: new EmbeddedMailbox(db),
    linkTokens: new EmbeddedLinkTokens(db),
    accounts: new EmbeddedAccounts(db),
    adminSessions: new EmbeddedAdminSessions(db),
    broadcasts: new EmbeddedBroadcasts(db),
    async health() {
      if (closed) return { ok: false, kind: 'embedded', detail: 'closed' };
      if (db.failure) return { ok: false, kind: 'embedded', detail: db.failure.message };
      return { ok: true, kind: 'embedded', detail: options.dir ? `data in ${options.dir}` : 'in memory' };
    },
    async close() {
      if (closed) return;
      closed = true;
      db.close();
    },
  };
}
