import type { Feedback, Signup } from '../../domain/model';
import type { OfferAnswer, SignupOutcome, SignupRepository, SignupRequest } from '../../domain/ports';
import type { Collection, EmbeddedDb, Index } from './db';

export class EmbeddedSignups implements SignupRepository {
  private readonly records: Collection<Signup>;
  private readonly byContact: Index<Signup>;
  private readonly byOpportunity: Index<Signup>;
  /** Places taken: confirmed, or offered and not answered yet. */
  private readonly seatsByOpportunity: Index<Signup>;
  private readonly offered: Index<Signup>;
  private readonly waitlistedByOpportunity: Index<Signup>;

  constructor(db: EmbeddedDb) {
    this.records = db.collection<Signup>('signups');
    this.byContact = this.records.index((signup) => [signup.contactId]);
    this.byOpportunity = this.records.index((signup) => [signup.opportunityId]);
    this.seatsByOpportunity = this.records.index((signup) => (signup.status === 'confirmed' || signup.status === 'offered' ? [signup.opportunityId] : []));
    this.offered = this.records.index((signup) => (signup.status === 'offered' ? ['offered'] : []));
    this.waitlistedByOpportunity = this.records.index((signup) => (signup.status === 'waitlisted' ? [signup.opportunityId] : []));
  }

  // No await between reading the count and writing: the check and the write are one atomic step.
  async request(request: SignupRequest): Promise<{ outcome: SignupOutcome; signup?: Signup }> {
    const existing = this.find(request.contactId, request.opportunityId);
    if (existing?.status === 'confirmed') return { outcome: 'already_confirmed', signup: existing };
    if (existing?.status === 'offered') {
      // Signing up again for the place they were offered is taking it.
      const { answer, signup } = await this.answerOffer(existing.id, true, request.now);
      if (answer === 'confirmed') return { outcome: 'confirmed', signup };
    }
    const hasRoom = this.hasRoom(request);
    if (existing?.status === 'waitlisted' && !hasRoom) return { outcome: 'already_waitlisted', signup: existing };
    if (!hasRoom && !request.joinWaitlist) return { outcome: 'full' };
    const status = hasRoom ? 'confirmed' : 'waitlisted';
    const signup: Signup = {
      id: existing?.id ?? request.id,
      contactId: request.contactId,
      opportunityId: request.opportunityId,
      channel: request.channel,
      status,
      ...(request.firstName !== undefined ? { firstName: request.firstName } : {}),
      createdAt: existing?.createdAt ?? request.now,
      updatedAt: request.now,
    };
    await this.records.put(signup.id, signup);
    return { outcome: status, signup };
  }

  async cancel(id: string, now: string): Promise<Signup | undefined> {
    const current = this.records.get(id);
    if (!current || current.status === 'cancelled') return undefined;
    const { offerExpiresAt: _offer, ...rest } = current;
    const cancelled: Signup = { ...rest, status: 'cancelled', updatedAt: now };
    await this.records.put(id, cancelled);
    return cancelled;
  }

  async offerNext(opportunityId: string, capacity: number | undefined, expiresAt: string, now: string): Promise<Signup | undefined> {
    if (capacity !== undefined && this.seatsByOpportunity.lookup(opportunityId).size >= capacity) return undefined;
    const first = this.list(this.waitlistedByOpportunity.lookup(opportunityId))[0];
    if (!first) return undefined;
    const offered: Signup = { ...first, status: 'offered', offerExpiresAt: expiresAt, updatedAt: now };
    await this.records.put(first.id, offered);
    return offered;
  }

  async answerOffer(id: string, accept: boolean, now: string): Promise<{ answer: OfferAnswer; signup?: Signup }> {
    const current = this.records.get(id);
    if (current?.status !== 'offered') return { answer: 'not_offered', ...(current ? { signup: current } : {}) };
    if (accept && (current.offerExpiresAt ?? '') <= now) return { answer: 'expired', signup: current };
    const { offerExpiresAt: _offer, ...rest } = current;
    const answered: Signup = { ...rest, status: accept ? 'confirmed' : 'cancelled', updatedAt: now };
    await this.records.put(id, answered);
    return { answer: accept ? 'confirmed' : 'declined', signup: answered };
  }

  async expireOffers(now: string): Promise<Signup[]> {
    const expired = [...this.offered.lookup('offered')].map((id) => this.records.get(id)!).filter((signup) => (signup.offerExpiresAt ?? '') <= now);
    const cancelled = expired.map(({ offerExpiresAt: _offer, ...rest }): Signup => ({ ...rest, status: 'cancelled', updatedAt: now }));
    await Promise.all(cancelled.map((signup) => this.records.put(signup.id, signup)));
    return cancelled;
  }

  async setAttendance(id: string, attended: boolean, feedback: Feedback | undefined, now: string): Promise<Signup | undefined> {
    const current = this.records.get(id);
    if (!current) return undefined;
    const updated: Signup = { ...current, attended, ...(feedback ? { feedback } : {}), updatedAt: now };
    await this.records.put(id, updated);
    return updated;
  }

  async forgetContact(contactId: string, now: string): Promise<void> {
    const writes = [...this.byContact.lookup(contactId)].map((id) => {
      const { firstName: _erased, offerExpiresAt: _offer, ...rest } = this.records.get(id)!;
      return this.records.put(id, { ...rest, status: 'cancelled', updatedAt: now });
    });
    await Promise.all(writes);
  }

  async get(id: string): Promise<Signup | undefined> {
    return this.records.get(id);
  }

  async listByContact(contactId: string): Promise<Signup[]> {
    return this.list(this.byContact.lookup(contactId));
  }

  async listByOpportunity(opportunityId: string): Promise<Signup[]> {
    return this.list(this.byOpportunity.lookup(opportunityId));
  }

  async countConfirmed(opportunityId: string): Promise<number> {
    return this.seatsByOpportunity.lookup(opportunityId).size;
  }

  private hasRoom(request: SignupRequest): boolean {
    return request.capacity === undefined || this.seatsByOpportunity.lookup(request.opportunityId).size < request.capacity;
  }

  private find(contactId: string, opportunityId: string): Signup | undefined {
    for (const id of this.byContact.lookup(contactId)) {
      const signup = this.records.get(id);
      if (signup?.opportunityId === opportunityId) return signup;
    }
    return undefined;
  }

  private list(ids: ReadonlySet<string>): Signup[] {
    return [...ids]
      .map((id) => this.records.get(id))
      .filter((signup): signup is Signup => signup !== undefined)
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
  }
}
