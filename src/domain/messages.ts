/**
 * Neutral outbound messages: translated, ready for any channel to render within its own limits.
 * They live in the domain because the durable outbox stores them; the engine produces them.
 */

export interface Choice {
  label: string;
  /** Sent back as a `choice` input when tapped. */
  payload?: string;
  /** A link button instead (calendar file, share link). */
  url?: string;
  /** A link meant to be passed on: where a channel can, it opens the device's share sheet. */
  share?: { title: string };
}

export interface Card {
  title: string;
  subtitle: string;
  imageUrl?: string;
  buttons: Choice[];
}

export type OutboundMessage =
  | { kind: 'text'; text: string; choices?: Choice[] }
  | { kind: 'cards'; cards: Card[]; choices?: Choice[] }
  | { kind: 'media'; url: string; mediaType: 'image' | 'video'; caption?: string };
