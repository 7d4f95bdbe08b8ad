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
  /** A video file, shown where the channel can play one (instead of a picture). */
  videoUrl?: string;
  buttons: Choice[];
}

export type OutboundMessage =
  /** `preview`: the text's link is a page to show with its preview (a video on YouTube, Vimeo...). */
  | { kind: 'text'; text: string; choices?: Choice[]; preview?: boolean }
  | { kind: 'cards'; cards: Card[]; choices?: Choice[] }
  | { kind: 'media'; url: string; mediaType: 'image' | 'video'; caption?: string }
  /** A file sent as an attachment (a person's data as JSON): its name and its whole text. */
  | { kind: 'document'; filename: string; content: string; caption?: string };
