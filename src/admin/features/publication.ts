/**
 * Announcing an opportunity on the association's own spaces (its Telegram channel, its Facebook
 * Page), when it set them: once, at its first publication. Publishing it again after a pause in
 * draft announces nothing; the coordinator asks for a new announcement when there is news. The post
 * has the picture (Telegram) or previews the public page (Facebook), and is in French and English
 * when the opportunity has both. How each post went is kept on the opportunity, which the dashboard
 * shows; publication itself never fails for it.
 */
import { mediaKind } from '../../domain/media';
import type { Announcement, Locale, Opportunity, Organisation } from '../../domain/model';
import type { NoticeComposer } from '../../domain/notices';
import type { Store } from '../../domain/ports';
import type { Publisher } from '../../domain/publishing';
import type { ShareLinks } from './opportunities';

export interface PublicationDeps {
  store: Pick<Store, 'organisations' | 'opportunities'>;
  notices: Pick<NoticeComposer, 'publication'>;
  publishers: readonly Publisher[];
  /** The first language of a post: a channel's followers are everyone. */
  locale: Locale;
  clock: () => Date;
  onFailure: (organisationId: string, error: unknown) => void;
}

/** The other language too when the opportunity has its title in it; the link once, at the end. */
function postText(deps: PublicationDeps, opportunity: Opportunity, organisation: Organisation, link: string): string {
  const other: Locale = deps.locale === 'fr' ? 'en' : 'fr';
  if (!opportunity.title[other]) return deps.notices.publication(deps.locale, opportunity, organisation.name, link);
  return [
    deps.notices.publication(deps.locale, opportunity, organisation.name, ''),
    deps.notices.publication(other, opportunity, organisation.name, ''),
    `👉 ${link}`,
  ].join('\n\n');
}

/** Posts the opportunity and keeps how it went; undefined when the association set no space. */
export function announcer(deps: PublicationDeps) {
  return async (opportunity: Opportunity, links: ShareLinks): Promise<Announcement | undefined> => {
    const organisation = await deps.store.organisations.get(opportunity.organisationId);
    if (!organisation?.publishTo) return undefined;
    const image =
      opportunity.mediaUrl && mediaKind(opportunity.mediaUrl) === 'image' ? opportunity.mediaUrl : undefined;
    const attempts = await Promise.allSettled(
      deps.publishers.map(async (publisher) => {
        // Telegram readers open the bot in Telegram; everywhere else the public page previews it.
        const link = publisher.name === 'telegram' ? (links.telegram ?? links.page) : links.page;
        const text = postText(deps, opportunity, organisation, link);
        return publisher.publish(organisation, { text, link, ...(image ? { imageUrl: image } : {}) });
      }),
    );
    const results: Announcement['results'] = [];
    attempts.forEach((attempt, index) => {
      const channel = deps.publishers[index].name;
      if (attempt.status === 'fulfilled') {
        if (attempt.value) results.push({ channel, ok: true });
        return;
      }
      deps.onFailure(organisation.id, attempt.reason);
      const reason = attempt.reason instanceof Error ? attempt.reason.message : String(attempt.reason);
      results.push({ channel, ok: false, error: reason.slice(0, 300) });
    });
    if (results.length === 0) return undefined;
    const announcement: Announcement = { at: deps.clock().toISOString(), results };
    // Read again: the coordinator may have saved a change while the posts went out.
    const current = await deps.store.opportunities.get(opportunity.id);
    if (current) await deps.store.opportunities.save({ ...current, announcement });
    return announcement;
  };
}
