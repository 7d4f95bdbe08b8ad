/** How an opportunity's or a broadcast's media appears: in a card, and as a message of its own. */
import { mediaKind } from '../domain/media';
import type { Card, OutboundMessage } from './types';

/** A card shows a picture or a video file; a video page has no place on a card (the details link it). */
export function cardMedia(url: string | undefined): Pick<Card, 'imageUrl' | 'videoUrl'> {
  if (url === undefined) return {};
  const kind = mediaKind(url);
  if (kind === 'image') return { imageUrl: url };
  if (kind === 'video') return { videoUrl: url };
  return {};
}

/**
 * The media as a message: a picture or a video the platform shows itself, or, for a video page
 * (YouTube, Vimeo, PeerTube), a text with the link and its preview. `linkText` words that text.
 */
export function mediaMessages(url: string | undefined, linkText: (url: string) => string): OutboundMessage[] {
  if (url === undefined) return [];
  const kind = mediaKind(url);
  if (kind === 'image' || kind === 'video') return [{ kind: 'media', url, mediaType: kind }];
  if (kind === 'video_page') return [{ kind: 'text', text: linkText(url), preview: true }];
  return [];
}
