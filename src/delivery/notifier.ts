/**
 * Everything that puts messages in the outbox on the bot's own initiative: meeting reminders,
 * follow-ups, waiting-list offers, changes to an opportunity, alerts. Each entry has a key that
 * makes enqueueing it again harmless, so any number of processes can run these at once.
 */
import { subscriptionMatches } from '../domain/alerts';
import type { Contact, Opportunity, Signup } from '../domain/model';
import type { NoticeComposer } from '../domain/notices';
import { newOutboxEntry, type NewOutboxEntry, type OutboxEntry } from '../domain/outbox';
import { outboxGroup, outboxKey } from '../domain/outbox-keys';
import { initiativeRoute, recipientOf } from '../domain/recipients';
import type { Store } from '../domain/ports';
import { followUpTime, planReminder } from '../domain/reminders';

export interface NotifierOptions {
  store: Pick<Store, 'contacts' | 'opportunities' | 'organisations' | 'outbox' | 'signups' | 'subscriptions'>;
  notices: NoticeComposer;
  newId: () => string;
  timezone: string;
  reminderOffsetsMinutes: readonly number[];
  /** How long a freed place is held for the person it is offered to. */
  offerHours?: number;
  /** Called after entries were added, so a dispatcher can start at once. */
  onEnqueued?: () => void;
}

const PAGE = 100;
/** Follow-ups are not asked more than this long after their time (a bot started late stays quiet). */
const FOLLOW_UP_WINDOW_MS = 2 * 24 * 3600_000;
const FOLLOW_UP_LOOKBACK_MS = 7 * 24 * 3600_000;

export class Notifier {
  private readonly offerMs: number;

  constructor(private readonly options: NotifierOptions) {
    this.offerMs = (options.offerHours ?? 24) * 3600_000;
  }

  /** Reminders whose time has come, for meetings within the longest offset. */
  async enqueueDueReminders(now: Date): Promise<number> {
    const longest = Math.max(0, ...this.options.reminderOffsetsMinutes);
    let added = 0;
    for await (const opportunity of this.opportunities({
      startsFrom: now.toISOString(),
      startsBefore: new Date(now.getTime() + (longest + 1) * 60_000).toISOString(),
    })) {
      const startsAt = opportunity.startsAt!;
      const entries: NewOutboxEntry[] = [];
      for (const signup of await this.confirmed(opportunity.id)) {
        const plan = planReminder({
          startsAt,
          signedUpAt: signup.createdAt,
          offsetsMinutes: this.options.reminderOffsetsMinutes,
          now,
          timezone: this.options.timezone,
        });
        if (!plan) continue;
        const entry = await this.entryFor(signup, opportunity, now, {
          key: outboxKey.reminder(signup.id, plan.offsetMinutes, startsAt),
          group: outboxGroup.reminders(opportunity.id),
          purpose: 'reminder',
          notBefore: plan.notBefore,
          about: { signupId: signup.id, opportunityId: opportunity.id, startsAt },
          compose: (contact) => this.options.notices.reminder(contact, opportunity, signup.id),
        });
        if (entry) entries.push(entry);
      }
      added += await this.enqueue(entries);
    }
    return added;
  }

  /** After a meeting: did you come? Once per sign-up, for those who have not said yet. */
  async enqueueFollowUps(now: Date): Promise<number> {
    let added = 0;
    for await (const opportunity of this.opportunities({
      startsFrom: new Date(now.getTime() - FOLLOW_UP_LOOKBACK_MS).toISOString(),
      startsBefore: now.toISOString(),
    })) {
      const at = followUpTime(opportunity.startsAt!, opportunity.endsAt, this.options.timezone);
      if (at > now || now.getTime() - at.getTime() > FOLLOW_UP_WINDOW_MS) continue;
      const entries: NewOutboxEntry[] = [];
      for (const signup of await this.confirmed(opportunity.id)) {
        if (signup.attended !== undefined) continue;
        const entry = await this.entryFor(signup, opportunity, now, {
          key: outboxKey.followUp(signup.id, opportunity.startsAt!),
          group: outboxGroup.notices(opportunity.id),
          purpose: 'followup',
          about: { signupId: signup.id },
          compose: (contact) => this.options.notices.followUp(contact, opportunity, signup.id),
        });
        if (entry) entries.push(entry);
      }
      added += await this.enqueue(entries);
    }
    return added;
  }

  /** A place was given back: the first person waiting is offered it, with a deadline. */
  async seatFreed(opportunityId: string, now: Date): Promise<Signup | undefined> {
    const opportunity = await this.options.store.opportunities.get(opportunityId);
    if (!opportunity || opportunity.status !== 'published') return undefined;
    const start = opportunity.startsAt === undefined ? undefined : Date.parse(opportunity.startsAt);
    if (start !== undefined && start <= now.getTime()) return undefined;
    // A day to answer, but never past an hour before the meeting (or the meeting itself when that is sooner).
    let deadline = now.getTime() + this.offerMs;
    if (start !== undefined)
      deadline = Math.min(deadline, start - 3600_000 > now.getTime() + 30 * 60_000 ? start - 3600_000 : start);
    const expiresAt = new Date(deadline).toISOString();
    const offered = await this.options.store.signups.offerNext(
      opportunity.id,
      opportunity.capacity,
      expiresAt,
      now.toISOString(),
    );
    if (!offered) return undefined;
    const entry = await this.entryFor(offered, opportunity, now, {
      key: outboxKey.offer(offered.id, expiresAt),
      group: outboxGroup.notices(opportunity.id),
      purpose: 'waitlist_offer',
      about: { signupId: offered.id },
      compose: (contact) => this.options.notices.waitlistOffer(contact, opportunity, offered.id, expiresAt),
    });
    if (entry) await this.enqueue([entry]);
    return offered;
  }

  /** Offers nobody answered in time are withdrawn, the person told, and the place offered to the next. */
  async expireOffers(now: Date): Promise<number> {
    const expired = await this.options.store.signups.expireOffers(now.toISOString());
    for (const signup of expired) {
      const opportunity = await this.options.store.opportunities.get(signup.opportunityId);
      if (!opportunity) continue;
      const entry = await this.entryFor(signup, opportunity, now, {
        key: outboxKey.offerExpired(signup.id, signup.updatedAt),
        group: outboxGroup.notices(opportunity.id),
        purpose: 'notice',
        compose: (contact) => this.options.notices.offerExpired(contact, opportunity),
      });
      if (entry) await this.enqueue([entry]);
      await this.seatFreed(opportunity.id, now);
    }
    return expired.length;
  }

  /**
   * After a coordinator changed an opportunity: archived, its pending reminders go and the people
   * signed up are told; moved (date or place), the old reminders go (new ones follow
   * at the next tick) and they are told the new date; more places, the waiting list moves up;
   * published again, alerts go out.
   */
  async opportunityChanged(before: Opportunity | undefined, after: Opportunity, now: Date): Promise<void> {
    const { outbox } = this.options.store;
    const iso = now.toISOString();
    const wasLive = before?.status === 'published';
    // Archived means it will not happen; back to draft is a pause (an edit), and people keep their place.
    if (before?.status !== 'archived' && after.status === 'archived') {
      await outbox.cancelPending(outboxGroup.reminders(after.id), 'cancelled', iso);
      await this.tellSignedUp(after, now, outboxKey.cancelled, (contact) =>
        this.options.notices.opportunityCancelled(contact, after),
      );
      return;
    }
    if (after.status !== 'published') return;
    if (!wasLive) {
      await this.enqueueAlerts(after, now);
      return;
    }
    const moved =
      before.startsAt !== after.startsAt ||
      before.endsAt !== after.endsAt ||
      before.address !== after.address ||
      before.city !== after.city ||
      before.remote !== after.remote;
    if (moved) {
      await outbox.cancelPending(outboxGroup.reminders(after.id), 'rescheduled', iso);
      await this.tellSignedUp(
        after,
        now,
        (signupId) => outboxKey.changed(signupId, after.updatedAt),
        (contact) => this.options.notices.opportunityChanged(contact, after),
      );
    }
    const morePlaces =
      after.capacity === undefined
        ? before.capacity !== undefined
        : before.capacity !== undefined && after.capacity > before.capacity;
    if (morePlaces) {
      while (await this.seatFreed(after.id, now));
    }
  }

  /** Alerts for a published opportunity: once per subscriber, in their language, through the outbox. */
  async enqueueAlerts(opportunity: Opportunity, now: Date): Promise<number> {
    if (opportunity.status !== 'published') return 0;
    const organisation = await this.options.store.organisations.get(opportunity.organisationId);
    const alerted = new Set<string>();
    let added = 0;
    for await (const batch of this.options.store.subscriptions.batches(500)) {
      const entries: NewOutboxEntry[] = [];
      for (const subscription of batch) {
        if (alerted.has(subscription.contactId) || !subscriptionMatches(subscription.criteria, opportunity)) continue;
        alerted.add(subscription.contactId);
        const contact = await this.options.store.contacts.get(subscription.contactId);
        if (!contact || contact.status !== 'active') continue;
        const recipient = initiativeRoute(contact);
        if (!recipient) continue;
        entries.push({
          id: this.options.newId(),
          key: outboxKey.alert(opportunity.id, contact.id),
          group: outboxGroup.alerts(opportunity.id),
          purpose: 'alert',
          contactId: contact.id,
          ...recipient,
          messages: this.options.notices.alert(contact, opportunity, organisation?.name ?? ''),
          about: { opportunityId: opportunity.id },
          notBefore: now,
          now,
        });
      }
      added += await this.enqueue(entries);
    }
    return added;
  }

  private async tellSignedUp(
    opportunity: Opportunity,
    now: Date,
    keyOf: (signupId: string) => string,
    compose: (contact: Contact) => OutboxEntry['messages'],
  ): Promise<void> {
    const entries: NewOutboxEntry[] = [];
    for (const signup of await this.options.store.signups.listByOpportunity(opportunity.id)) {
      if (signup.status === 'cancelled') continue;
      const entry = await this.entryFor(signup, opportunity, now, {
        key: keyOf(signup.id),
        group: outboxGroup.notices(opportunity.id),
        purpose: 'notice',
        compose,
      });
      if (entry) entries.push(entry);
    }
    await this.enqueue(entries);
  }

  private async entryFor(
    signup: Signup,
    opportunity: Opportunity,
    now: Date,
    spec: Pick<NewOutboxEntry, 'key' | 'group' | 'purpose' | 'about'> & {
      notBefore?: Date;
      compose: (contact: Contact) => OutboxEntry['messages'];
    },
  ): Promise<NewOutboxEntry | undefined> {
    // Already there: nothing to compose (reminder ticks come back every minute).
    if (await this.options.store.outbox.get(spec.key)) return undefined;
    const contact = await this.options.store.contacts.get(signup.contactId);
    const recipient = contact && recipientOf(contact, signup.channel);
    if (!contact || !recipient) return undefined;
    return {
      id: this.options.newId(),
      key: spec.key,
      group: spec.group,
      purpose: spec.purpose,
      contactId: contact.id,
      ...recipient,
      messages: spec.compose(contact),
      ...(spec.about ? { about: spec.about } : {}),
      notBefore: spec.notBefore ?? now,
      now,
    };
  }

  private async enqueue(entries: NewOutboxEntry[]): Promise<number> {
    if (entries.length === 0) return 0;
    const added = await this.options.store.outbox.enqueue(entries.map(newOutboxEntry));
    if (added > 0) this.options.onEnqueued?.();
    return added;
  }

  private async confirmed(opportunityId: string): Promise<Signup[]> {
    return (await this.options.store.signups.listByOpportunity(opportunityId)).filter(
      (signup) => signup.status === 'confirmed',
    );
  }

  private async *opportunities(range: { startsFrom: string; startsBefore: string }): AsyncIterable<Opportunity> {
    for (let offset = 0; ; offset += PAGE) {
      const page = await this.options.store.opportunities.search({ ...range, offset, limit: PAGE });
      yield* page.items;
      if (offset + PAGE >= page.total) return;
    }
  }
}
