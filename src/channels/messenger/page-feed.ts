/** Posting on a Facebook Page's feed (Graph API `/{page-id}/feed`) with that Page's own token. */
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
