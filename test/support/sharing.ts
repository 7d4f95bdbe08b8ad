/** Share links as the app makes them, under a key known to the tests. */
import { ShareReferences, type Sharing } from '../../src/domain/share';
import type { ChannelName } from '../../src/domain/model';

export const TEST_SHARE_SECRET = 'test-share-secret-0123456789';
const references = new ShareReferences(TEST_SHARE_SECRET);

export const testSharing: Sharing = {
  link: (ref) => `https://bot.example/o/${ref.opportunityId}?r=${references.sign(ref)}`,
  read: (text) => references.read(text),
};

/** A reference crediting `sharedBy`, signed with the tests' key. */
export function signedRef(opportunityId: string, sharedBy: string, channel: ChannelName = 'telegram'): string {
  return references.sign({ opportunityId, sharedBy, channel });
}
