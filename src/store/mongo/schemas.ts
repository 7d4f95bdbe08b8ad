/**
 * One schema per aggregate, with the indexes the ports' queries need. Records keep their own
 * string ids as `_id`. Extra fields used only for querying (folded search text, date keys, identity
 * keys, criteria keys) are derived here and never returned.
 */
import { Schema } from 'mongoose';
import {
  AGE_BRACKETS,
  CHANNELS,
  CONTACT_STATUSES,
  FEEDBACKS,
  OPPORTUNITY_KINDS,
  OPPORTUNITY_STATUSES,
  SIGNUP_STATUSES,
} from '../../domain/model';

// strictQuery 'throw': a filter on a field the schema lacks is an error, never silently dropped
// (dropping it would widen the query). Mongoose reads this from the schema, not the connection.
export const SCHEMA_OPTIONS = { versionKey: false, strict: 'throw', strictQuery: 'throw', minimize: false } as const;
const options = SCHEMA_OPTIONS;
const localised = { type: Map, of: String, default: {} };

export const organisationSchema = new Schema(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    description: localised,
    website: String,
    publishTo: { _id: false, telegramChannel: String, facebookPageId: String, facebookPageToken: String },
    removedAt: String,
    createdAt: { type: String, required: true },
  },
  options,
);

export const opportunitySchema = new Schema(
  {
    _id: { type: String, required: true },
    organisationId: { type: String, required: true },
    kind: { type: String, enum: OPPORTUNITY_KINDS, required: true },
    title: localised,
    summary: localised,
    description: localised,
    themes: { type: [String], default: [] },
    region: { type: String, required: true },
    city: String,
    address: String,
    remote: { type: Boolean, default: false },
    startsAt: String,
    endsAt: String,
    capacity: { type: Number, min: 0 },
    minAge: { type: Number, min: 0 },
    mediaUrl: String,
    status: { type: String, enum: OPPORTUNITY_STATUSES, required: true },
    signupFields: { type: [String], default: undefined },
    announcement: {
      type: new Schema(
        {
          at: { type: String, required: true },
          results: [new Schema({ channel: String, ok: Boolean, error: String }, { _id: false })],
        },
        { _id: false },
      ),
      default: undefined,
    },
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
    // Query keys: the end (or start) as a date; the start with undated roles last; folded text.
    endKey: { type: Date, default: null },
    sortStart: { type: Date, required: true },
    searchText: { type: String, default: '' },
  },
  options,
);
// Discovery: published opportunities by kind and region (or theme), soonest first.
opportunitySchema.index({ status: 1, kind: 1, region: 1, sortStart: 1 });
opportunitySchema.index({ status: 1, themes: 1, sortStart: 1 });
opportunitySchema.index({ status: 1, endKey: 1 });
opportunitySchema.index({ organisationId: 1, status: 1 });

export const contactSchema = new Schema(
  {
    _id: { type: String, required: true },
    identities: [
      {
        _id: false,
        channel: { type: String, enum: CHANNELS, required: true },
        externalId: { type: String, required: true },
      },
    ],
    identityKeys: { type: [String], default: [] },
    locale: { type: String, required: true },
    firstName: String,
    region: String,
    interests: { type: [String], default: [] },
    follows: { type: [String], default: undefined },
    consentAt: String,
    ageBracket: { type: String, enum: AGE_BRACKETS },
    status: { type: String, enum: CONTACT_STATUSES, required: true },
    lastInboundAt: String,
    lastInboundChannel: { type: String, enum: CHANNELS },
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
  },
  options,
);
// One contact per channel identity ("telegram:42"), even when two first messages race. A contact
// without identities (erased) has a key of its own, so the index needs no partial filter.
contactSchema.index({ identityKeys: 1 }, { unique: true });

export const signupSchema = new Schema(
  {
    _id: { type: String, required: true },
    contactId: { type: String, required: true },
    opportunityId: { type: String, required: true },
    status: { type: String, enum: SIGNUP_STATUSES, required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    firstName: String,
    ageBracket: { type: String, enum: AGE_BRACKETS },
    parentConsent: { type: new Schema({ at: String, channel: { type: String, enum: CHANNELS } }, { _id: false }) },
    offerExpiresAt: String,
    attended: Boolean,
    feedback: { type: String, enum: FEEDBACKS },
    createdAt: { type: String, required: true },
    updatedAt: { type: String, required: true },
  },
  options,
);
signupSchema.index({ status: 1, offerExpiresAt: 1 });
signupSchema.index({ contactId: 1, opportunityId: 1 }, { unique: true });
signupSchema.index({ opportunityId: 1, status: 1, createdAt: 1 });

/** Places taken per opportunity, changed only with atomic conditional increments. */
export const seatCounterSchema = new Schema(
  { _id: { type: String, required: true }, confirmed: { type: Number, required: true, min: 0 } },
  options,
);

export const subscriptionSchema = new Schema(
  {
    _id: { type: String, required: true },
    contactId: { type: String, required: true },
    criteria: {
      _id: false,
      region: String,
      remote: Boolean,
      theme: String,
      kind: { type: String, enum: OPPORTUNITY_KINDS },
    },
    criteriaKey: { type: String, required: true },
    createdAt: { type: String, required: true },
  },
  options,
);
subscriptionSchema.index({ contactId: 1, criteriaKey: 1 }, { unique: true });

export const sessionSchema = new Schema(
  {
    _id: { type: String, required: true },
    state: { type: Schema.Types.Mixed },
    version: { type: Number, required: true },
  },
  options,
);

export const questionSchema = new Schema(
  {
    _id: { type: String, required: true },
    contactId: { type: String, required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    text: { type: String, required: true, maxlength: 5000 },
    status: { type: String, enum: ['open', 'answered'], required: true },
    organisationId: String,
    answer: {
      _id: false,
      type: new Schema(
        {
          text: { type: String, required: true },
          by: { type: String, required: true },
          at: { type: String, required: true },
        },
        { _id: false },
      ),
    },
    createdAt: { type: String, required: true },
  },
  options,
);
questionSchema.index({ contactId: 1, createdAt: 1 });
questionSchema.index({ status: 1, createdAt: -1 });

export const inboxSchema = new Schema(
  {
    _id: { type: String, required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    payload: { type: Schema.Types.Mixed },
    receivedAt: { type: String, required: true },
  },
  options,
);
inboxSchema.index({ channel: 1, receivedAt: 1, _id: 1 });

export const channelStateSchema = new Schema(
  {
    _id: { type: String, required: true },
    channel: { type: String, enum: CHANNELS, required: true },
    key: { type: String, required: true },
    value: { type: String, required: true },
    savedAt: { type: String, required: true },
    owner: String,
  },
  options,
);
channelStateSchema.index({ savedAt: 1 });
channelStateSchema.index({ channel: 1, owner: 1 }, { sparse: true });

export const metricSchema = new Schema(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    opportunityId: { type: String, required: true },
    contactId: String,
    channel: { type: String, enum: CHANNELS, required: true },
    sharedBy: String,
    sharedOn: { type: String, enum: CHANNELS },
    source: String,
    at: { type: String, required: true },
  },
  options,
);
metricSchema.index({ type: 1, opportunityId: 1, sharedBy: 1 });
metricSchema.index({ opportunityId: 1, at: 1 });
metricSchema.index({ contactId: 1, opportunityId: 1, type: 1 });
metricSchema.index({ sharedBy: 1, type: 1 }, { sparse: true });

export const settingSchema = new Schema(
  { _id: { type: String, required: true }, value: { type: String, required: true } },
  options,
);
