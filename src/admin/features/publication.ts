/**
 * Publishing also posts the opportunity on the association's own spaces (its Telegram channel, its
 * Facebook Page), when it set them, each with the link that opens the bot on that platform. A post
 * that fails is logged; publication itself never fails for it.
 */
import type { Locale, Opportunity } from '../../domain/model';
import type { NoticeComposer } from '../../domain/notices';
import type { Store } from '../../domain/ports';
import type { Publisher } from '../../domain/publishing';
import type { ShareLinks } from './opportunities';

export interface PublicationDeps {
  store: Pick<Store, 'organisations'>;
  notices: Pick<NoticeComposer, 'publication'>;
  publishers: readonly Publisher[];
  /** The posts are in the bot's default language: a channel's followers are everyone. */
  locale: Locale;
  onFailure: (organisationId: string, error: unknown) => void;
}

export function publishBeyond(deps: PublicationDeps) {
  return async (opportunity: Opportunity, links: ShareLinks): Promise<void> => {
    const organisation = await deps.store.organisations.get(opportunity.organisationId);
    if (!organisation?.publishTo) return;
    const attempts = deps.publishers.map((publisher) => {
      // A publisher is a running channel, so it has its link; the web chat's otherwise.
      const link = links[publisher.name] ?? links.web ?? '';
      const text = deps.notices.publication(deps.locale, opportunity, organisation.name, link);
      return publisher.publish(organisation, text, link);
    });
    for (const result of await Promise.allSettled(attempts)) {
      if (result.status === 'rejected') deps.onFailure(organisation.id, result.reason);
    }
  };
}
