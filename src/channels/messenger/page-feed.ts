/** Posting on a Facebook Page's feed (Graph API `/{page-id}/feed`) with that Page's own token. */
import type { Organisation } from '../../domain/model';
import type { Post, Publisher } from '../../domain/publishing';
import { GraphClient } from './graph';

export async function postToPageFeed(
  graphUrl: string,
  pageId: string,
  pageToken: string,
  message: string,
  link: string,
): Promise<void> {
  if (!/^\d{1,30}$/.test(pageId)) throw new Error('a Facebook Page id is digits only');
  await new GraphClient({ graphUrl, pageToken }).post(`/${pageId}/feed`, { message, link });
}

/**
 * The association's Facebook Page, with the token it gave: it works whether or not the bot answers
 * on Messenger. A link post to the opportunity's public page, whose Open Graph tags give Facebook
 * the title and the picture to show.
 */
export class PageFeedPublisher implements Publisher {
  readonly name = 'messenger';

  constructor(private readonly graphUrl: string) {}

  async publish(organisation: Organisation, post: Post): Promise<boolean> {
    const { facebookPageId, facebookPageToken } = organisation.publishTo ?? {};
    if (!facebookPageId || !facebookPageToken) return false;
    await postToPageFeed(this.graphUrl, facebookPageId, facebookPageToken, post.text, post.link);
    return true;
  }
}
