/**
 * Counts views of the public opportunity pages, keeping nothing about the visitor: no address, no
 * cookie, only the opportunity, the day and, from a verified reference, whose link it was. Link
 * previews fetched by platforms (WhatsApp, Facebook, Telegram...) are not views, and one address
 * counts at most VIEWS_PER_ADDRESS a minute (the page still shows): a script reloading it does not
 * write a row per request.
 */
import type { Request } from 'express';
import { ipKeyGenerator } from 'express-rate-limit';
import type { IdGenerator } from '../../domain/ids';
import type { Store } from '../../domain/ports';
import type { ShareRef } from '../../domain/share';

const PREVIEW_AGENTS = new RegExp(
  [
    'bot|crawler|spider|preview|embedly',
    'facebookexternalhit|facebookcatalog|whatsapp|telegrambot|twitterbot|slackbot|discordbot|linkedinbot',
  ].join('|'),
  'i',
);
const VIEWS_PER_ADDRESS = 30;
const WINDOW_MS = 60_000;

export class PageViews {
  private window = 0;
  private readonly seen = new Map<string, number>();

  constructor(private readonly deps: { store: Pick<Store, 'metrics'>; newId: IdGenerator; clock: () => Date }) {}

  async record(request: Request, opportunityId: string, share: ShareRef | undefined): Promise<void> {
    if (request.method !== 'GET' || PREVIEW_AGENTS.test(request.get('user-agent') ?? '')) return;
    if (!this.admit(ipKeyGenerator(request.ip ?? 'unknown'))) return;
    await this.deps.store.metrics.record({
      id: this.deps.newId(),
      type: 'page_view',
      opportunityId,
      channel: 'web',
      ...(share?.sharedBy ? { sharedBy: share.sharedBy } : {}),
      ...(share?.channel ? { sharedOn: share.channel } : {}),
      at: this.deps.clock().toISOString(),
    });
  }

  /** Addresses are held in memory for the current minute only, to count them. */
  private admit(address: string): boolean {
    const window = Math.floor(this.deps.clock().getTime() / WINDOW_MS);
    if (window !== this.window) {
      this.window = window;
      this.seen.clear();
    }
    const count = (this.seen.get(address) ?? 0) + 1;
    this.seen.set(address, count);
    return count <= VIEWS_PER_ADDRESS;
  }
}
