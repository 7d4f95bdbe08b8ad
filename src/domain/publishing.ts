/** Posting a published opportunity beyond the bot, on the association's own spaces. */
import type { ChannelName, Organisation } from './model';

/**
 * Posts on an association's own space on a platform (a Telegram channel, a Facebook Page), when the
 * association set one: false when it did not.
 */
export interface Publisher {
  /** The platform whose link goes in the post. */
  readonly name: ChannelName;
  publish(organisation: Organisation, post: Post): Promise<boolean>;
}

export interface Post {
  text: string;
  /** Where the post leads: the public page (Facebook previews it), or the bot on that platform. */
  link: string;
  /** Posted with the picture when there is one (a video is left to the link's preview). */
  imageUrl?: string;
}
