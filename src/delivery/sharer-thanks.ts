/**
 * The person who shared hears it worked: when someone signs up through their link, a thank-you,
 * at most one a day (whatever the number of sign-ups: the outbox key is the sharer and the day),
 * silenced by STOP like every notice (the dispatcher skips stopped contacts). The newcomer is named
 * only when both are known to be 15 or over: a child's first name is not passed to a stranger, and
 * a child is not told an adult's.
 */
import type { Contact } from '../domain/model';
import type { NoticeComposer } from '../domain/notices';
import { newOutboxEntry } from '../domain/outbox';
import { outboxGroup, outboxKey } from '../domain/outbox-keys';
import type { Store } from '../domain/ports';
import { recipientOf } from '../domain/recipients';
import { isoWithOffset } from '../domain/time';

export interface SharerThanksDeps {
  store: Pick<Store, 'contacts' | 'opportunities' | 'outbox'>;
  notices: Pick<NoticeComposer, 'sharedLinkWorked'>;
  newId: () => string;
  timezone: string;
  onEnqueued?: () => void;
}

export interface SharedLinkWorked {
  sharerId: string;
  newcomerId: string;
  opportunityId: string;
  /** The first name the newcomer gave when signing up, if any. */
  newcomerName?: string;
}

const mayBeNamed = (contact: Contact | undefined): boolean =>
  contact?.ageBracket !== undefined && contact.ageBracket !== 'under15';

export async function thankSharer(deps: SharerThanksDeps, event: SharedLinkWorked, now: Date): Promise<boolean> {
  const { store } = deps;
  const key = outboxKey.sharerThanks(event.sharerId, isoWithOffset(now.toISOString(), deps.timezone).slice(0, 10));
  if (await store.outbox.get(key)) return false;
  const [sharer, newcomer, opportunity] = await Promise.all([
    store.contacts.get(event.sharerId),
    store.contacts.get(event.newcomerId),
    store.opportunities.get(event.opportunityId),
  ]);
  if (!sharer || sharer.status !== 'active' || !opportunity) return false;
  const recipient = recipientOf(sharer, sharer.lastInboundChannel);
  if (!recipient) return false;
  const name = mayBeNamed(sharer) && mayBeNamed(newcomer) ? event.newcomerName : undefined;
  const added = await store.outbox.enqueue([
    newOutboxEntry({
      id: deps.newId(),
      key,
      group: outboxGroup.notices(opportunity.id),
      purpose: 'notice',
      contactId: sharer.id,
      ...recipient,
      messages: deps.notices.sharedLinkWorked(sharer, opportunity, name),
      notBefore: now,
      now,
    }),
  ]);
  if (added > 0) deps.onEnqueued?.();
  return added > 0;
}
