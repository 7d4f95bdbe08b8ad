/**
 * Schemas of what is sent and who sends it: the outbox, the web mailbox, link tokens, accounts,
 * broadcasts.
 */
import { Schema } from 'mongoose';
import { CHANNELS, LOCALES, OPPORTUNITY_KINDS } from '../../domain/model';
import { BROADCAST_STATUSES, ROLES } from '../../domain/admin';
import { OUTBOX_PURPOSES, OUTBOX_STATUSES, SKIP_REASONS } from '../../domain/outbox';
import { SCHEMA_OPTIONS as options } from './schemas';

export const outboxSchema = new Schema(
  {
    _id: { type: String, required: true },
    key: { type: String, required: true },
    group: { type: String, required: true },
    purpose: { type: String, enum: OUTBOX_PURPOSES, required: true },
    priority: { type: String, enum: ['high', 'bulk'], required: true },
    contactId: { type: String, required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    externalId: { type: String, required: true },
    messages: { type: Schema.Types.Mixed, default: [] },
    partsSent: { type: Number, default: 0 },
    notBefore: { type: String, required: true },
    about: { _id: false, signupId: String, opportunityId: String, startsAt: String },
    status: { type: String, enum: OUTBOX_STATUSES, required: true },
    reason: { type: String, enum: SKIP_REASONS },
    attempts: { type: Number, default: 0 },
    lastError: String,
    owner: String,
    leaseUntil: String,
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
    sentAt: String,
  },
  options,
);
// One entry per key, whoever enqueues it and however often.
outboxSchema.index({ key: 1 }, { unique: true });
// Claiming: due entries of a priority, oldest first.
outboxSchema.index({ status: 1, priority: 1, notBefore: 1 });
outboxSchema.index({ group: 1, status: 1 });
outboxSchema.index({ status: 1, leaseUntil: 1 });
// Erasure: every entry of one person.
outboxSchema.index({ contactId: 1 });
// Purging settled entries after the retention period.
outboxSchema.index({ status: 1, updatedAt: 1 });

export const mailboxSchema = new Schema(
  {
    _id: { type: String, required: true },
    externalId: { type: String, required: true },
    messages: { type: Schema.Types.Mixed, default: [] },
    at: { type: String, required: true },
  },
  options,
);
mailboxSchema.index({ externalId: 1, at: 1, _id: 1 });
mailboxSchema.index({ at: 1 });

export const linkTokenSchema = new Schema(
  {
    _id: { type: String, required: true },
    contactId: { type: String, required: true },
    expiresAt: { type: String, required: true },
  },
  options,
);

linkTokenSchema.index({ expiresAt: 1 });

export const accountSchema = new Schema(
  {
    _id: { type: String, required: true },
    email: { type: String, required: true, lowercase: true, trim: true },
    name: { type: String, required: true },
    role: { type: String, enum: ROLES, required: true },
    organisationId: String,
    passwordHash: { type: String, required: true },
    apiTokenHash: String,
    alertsTo: {
      type: { _id: false, channel: { type: String, enum: CHANNELS }, externalId: String },
      default: undefined,
    },
    locale: { type: String, enum: LOCALES, required: true },
    disabledAt: String,
    createdAt: { type: String, required: true },
  },
  options,
);
accountSchema.index({ email: 1 }, { unique: true });
// Not unique: a hash of 32 random bytes does not collide, and a unique index on a field most
// accounts lack would need a partial filter, which FerretDB does not have.
accountSchema.index({ apiTokenHash: 1 });

export const adminSessionSchema = new Schema(
  {
    _id: { type: String, required: true },
    accountId: { type: String, required: true },
    csrf: { type: String, required: true },
    expiresAt: { type: String, required: true },
  },
  options,
);
adminSessionSchema.index({ expiresAt: 1 });

export const broadcastSchema = new Schema(
  {
    _id: { type: String, required: true },
    organisationId: { type: String, required: true },
    text: { type: String, required: true, maxlength: 2000 },
    textEn: { type: String, maxlength: 2000 },
    opportunityId: String,
    mediaUrl: String,
    audience: {
      _id: false,
      region: String,
      theme: String,
      kind: { type: String, enum: OPPORTUNITY_KINDS },
      locale: { type: String, enum: LOCALES },
      channel: { type: String, enum: CHANNELS },
      history: { type: String, enum: ['signed_up', 'never'] },
    },
    reach: { type: String, enum: ['association', 'network'] },
    status: { type: String, enum: BROADCAST_STATUSES, required: true },
    sendAt: { type: String, required: true },
    queued: Number,
    results: { type: Schema.Types.Mixed },
    createdBy: { type: String, required: true },
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
  },
  options,
);
broadcastSchema.index({ organisationId: 1, createdAt: -1 });
broadcastSchema.index({ status: 1, sendAt: 1 });
broadcastSchema.index({ status: 1, updatedAt: 1 });
