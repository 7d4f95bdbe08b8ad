import type { Signup } from '../../domain/model';
import type { SignupOutcome, SignupRepository, SignupRequest } from '../../domain/ports';
import type { Collection, EmbeddedDb, Index } from './db';

export class EmbeddedSignups implements SignupRepository {
  private readonly records: Collection<Signup>;
  private readonly byContact: Index<Signup>;
  private readonly byOpportunity: Index<Signup>;
  private readonly confirmedByOpportunity: Index<Signup>;

  constructor(db: EmbeddedDb) {
    this.records = db.collection<Signup>('signups');
    this.byContact = this.records.index((signup) => [signup.contactId]);
    this.byOpportunity = this.records.index((signup) => [signup.opportunityId]);
    this.confirmedByOpportunity = this.records.index((signup) => (signup.status === 'confirmed' ? [signup.opportunityId] : []));
  }

  // No await between reading the count and writing: the check and the write are one atomic step.
  async request(request: SignupRequest): Promise<{ outcome: SignupOutcome; signup?: Signup }> {
    const existing = this.find(request.contactId, request.opportunityId);
    if (existing?.status === 'confirmed') return { outcome: 'already_confirmed', signup: existing };
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
    const cancelled: Signup = { ...current, status: 'cancelled', updatedAt: now };
    await this.records.put(id, cancelled);
    return cancelled;
  }

  async forgetContact(contactId: string, now: string): Promise<void> {
    const writes = [...this.byContact.lookup(contactId)].map((id) => {
      const { firstName: _erased, ...rest } = this.records.get(id)!;
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
    return this.confirmedByOpportunity.lookup(opportunityId).size;
  }

  private hasRoom(request: SignupRequest): boolean {
    return request.capacity === undefined || this.confirmedByOpportunity.lookup(request.opportunityId).size < request.capacity;
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
