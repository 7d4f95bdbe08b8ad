import type { Connection } from 'mongoose';
import {
  accountSchema,
  adminSessionSchema,
  broadcastSchema,
  linkTokenSchema,
  mailboxSchema,
  outboxSchema,
} from './delivery-schemas';
import {
  channelStateSchema,
  contactSchema,
  inboxSchema,
  metricSchema,
  opportunitySchema,
  organisationSchema,
  questionSchema,
  seatCounterSchema,
  sessionSchema,
  settingSchema,
  signupSchema,
  subscriptionSchema,
} from './schemas';

export function createModels(connection: Connection) {
  return {
    organisations: connection.model('Organisation', organisationSchema),
    opportunities: connection.model('Opportunity', opportunitySchema),
    contacts: connection.model('Contact', contactSchema),
    signups: connection.model('Signup', signupSchema),
    seats: connection.model('SeatCounter', seatCounterSchema),
    subscriptions: connection.model('Subscription', subscriptionSchema),
    sessions: connection.model('Session', sessionSchema),
    questions: connection.model('Question', questionSchema),
    inbox: connection.model('InboxEntry', inboxSchema),
    channelState: connection.model('ChannelState', channelStateSchema),
    metrics: connection.model('Metric', metricSchema),
    outbox: connection.model('OutboxEntry', outboxSchema),
    mailbox: connection.model('MailboxItem', mailboxSchema),
    linkTokens: connection.model('LinkToken', linkTokenSchema),
    accounts: connection.model('Account', accountSchema),
    adminSessions: connection.model('AdminSession', adminSessionSchema),
    broadcasts: connection.model('Broadcast', broadcastSchema),
    settings: connection.model('Setting', settingSchema),
  };
}

export type Models = ReturnType<typeof createModels>;
