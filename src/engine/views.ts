/**
 * What actions put in the session's variables for templates to render. Plain JSON: they pass
 * through the interpreter like any other value (and are dropped before the session is saved).
 */
import type {
  AgeBracket,
  ChannelName,
  Locale,
  LocalisedText,
  Opportunity,
  OpportunityKind,
  SignupStatus,
} from '../domain/model';
import type { JsonValue } from './types';

/** An opportunity as people see it: its public fields, who offers it, the places left. */
export type OpportunityView = Pick<
  Opportunity,
  | 'id'
  | 'kind'
  | 'title'
  | 'summary'
  | 'description'
  | 'themes'
  | 'region'
  | 'city'
  | 'address'
  | 'remote'
  | 'startsAt'
  | 'endsAt'
  | 'mediaUrl'
> & {
  organisation: string;
  /** Null when there is no limit. */
  placesLeft: number | null;
  /** The minimum age, when there is one: shown on the card ("18 ans et +"). */
  minAge?: number;
  /** False when the person's age bracket is below the minimum age: sign-up is not offered. */
  signupOpen: boolean;
  /** True when the person does not follow the association yet: "Suivre <association>" is offered. */
  followable?: boolean;
};

export interface SignupView {
  id: string;
  status: SignupStatus;
  opportunity: OpportunityView;
  /** On Messenger: where reminders can reach the person instead. */
  continueOn?: Array<{ channel: ChannelName; url: string }>;
}

export interface SubscriptionView {
  id: string;
  region?: string;
  remote?: boolean;
  theme?: string;
  kind?: OpportunityKind;
}

export interface MyDataView {
  firstName?: string;
  locale: Locale;
  ageBracket?: AgeBracket;
  region?: string;
  consentAt?: string;
  channels: ChannelName[];
  signups: number;
  subscriptions: number;
  questions: number;
  /** The names of the associations the person follows. */
  follows: string[];
  createdAt: string;
  /** On the web chat: the visitor id whose data can be downloaded as a file. */
  exportFor?: string;
  /** On the other channels: the same data as a JSON document, sent in the conversation. */
  exportDocument?: string;
}

export interface ShareView {
  url: string;
  title: LocalisedText;
}

/** Items for `choicesFrom`: a value and the text of its button. */
export interface ListItem {
  value: string;
  /** A text of the locale files; `params` fill its blanks (an association's name). */
  label: { key: string; params?: Record<string, string> };
}

// Views hold only JSON-safe values (undefined fields vanish when serialised); this says so to the compiler.
export function asJson(value: object): JsonValue {
  return value as unknown as JsonValue;
}

export function fromJson<T>(value: JsonValue): T {
  return value as unknown as T;
}
