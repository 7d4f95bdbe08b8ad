import type { Feedback, Signup } from '../../domain/model';
import type { ListWindow, OfferAnswer, SignupOutcome, SignupRepository, SignupRequest } from '../../domain/ports';
import { atomic, DocumentTable, sqlWindow, type Db } from './documents';

type Outcome = { outcome: SignupOutcome; signup?: Signup };
type Answer = { answer: OfferAnswer; signup?: Signup };

const withoutOffer = ({ offerExpiresAt: _offer, ...rest }: Signup): Signup => rest;

// Each rule that reads then writes is one IMMEDIATE transaction: places are counted and taken
// under the write lock, so fifty concurrent requests for ten places confirm exactly ten.
export class EmbeddedSignups implements SignupRepository {
  private readonly records: DocumentTable<Signup>;
  private readonly find: (contactId: string, opportunityId: string) => Signup[];
  private readonly byContact: (contactId: string) => Signup[];
  private readonly byOpportunity: (opportunityId: string, limit: number, offset: number) => Signup[];
  private readonly firstWaiting: (opportunityId: string) => Signup[];
  private readonly offersDue: (now: string) => Signup[];
  private readonly seats;
  private readonly requestAtomically: (request: SignupRequest) => Outcome;
  private readonly answerAtomically: (id: string, accept: boolean, now: string) => Answer;
  private readonly offerAtomically: (
    opportunityId: string,
    capacity: number | undefined,
    expiresAt: string,
    now: string,
  ) => Signup | undefined;
  private readonly change: (id: string, edit: (current: Signup) => Signup | undefined) => Signup | undefined;
  private readonly expireAtomically: (now: string) => Signup[];
  private readonly forgetAtomically: (contactId: string, now: string) => void;

  constructor(db: Db) {
    this.records = new DocumentTable(db, 'signups');
    this.find = this.records.query('WHERE contact_id = ? AND opportunity_id = ?');
    this.byContact = this.records.query('WHERE contact_id = ? ORDER BY created_at, id');
    this.byOpportunity = this.records.query('WHERE opportunity_id = ? ORDER BY created_at, id LIMIT ? OFFSET ?');
    this.firstWaiting = this.records.query(
      "WHERE opportunity_id = ? AND status = 'waitlisted' ORDER BY created_at, id LIMIT 1",
    );
    this.offersDue = this.records.query("WHERE status = 'offered' AND offer_expires_at <= ?");
    this.seats = db.prepare<[string], { n: number }>(
      "SELECT count(*) AS n FROM signups WHERE opportunity_id = ? AND status IN ('confirmed', 'offered')",
    );

    this.change = atomic(db, (id: string, edit: (current: Signup) => Signup | undefined) => {
      const current = this.records.get(id);
      const updated = current && edit(current);
      if (updated) this.records.put(id, updated);
      return updated;
    });
    this.answerAtomically = atomic(db, (id: string, accept: boolean, now: string): Answer => {
      const current = this.records.get(id);
      if (current?.status !== 'offered') return { answer: 'not_offered', ...(current ? { signup: current } : {}) };
      if (accept && (current.offerExpiresAt ?? '') <= now) return { answer: 'expired', signup: current };
      const answered: Signup = { ...withoutOffer(current), status: accept ? 'confirmed' : 'cancelled', updatedAt: now };
      this.records.put(id, answered);
      return { answer: accept ? 'confirmed' : 'declined', signup: answered };
    });
    this.requestAtomically = atomic(db, (request: SignupRequest): Outcome => {
      const existing = this.find(request.contactId, request.opportunityId)[0];
      if (existing?.status === 'confirmed') return { outcome: 'already_confirmed', signup: existing };
      if (existing?.status === 'offered') {
        // Signing up again for the place they were offered is taking it.
        const { answer, signup } = this.answerAtomically(existing.id, true, request.now);
        if (answer === 'confirmed') return { outcome: 'confirmed', signup };
      }
      // An offer past its deadline still counts as taken until the expiry job: not against its holder.
      const ownExpiredOffer = existing?.status === 'offered' ? 1 : 0;
      const hasRoom =
        request.capacity === undefined || this.taken(request.opportunityId) - ownExpiredOffer < request.capacity;
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
        ...(request.ageBracket !== undefined ? { ageBracket: request.ageBracket } : {}),
        ...(request.parentConsent !== undefined ? { parentConsent: request.parentConsent } : {}),
        createdAt: existing?.createdAt ?? request.now,
        updatedAt: request.now,
      };
      this.records.put(signup.id, signup);
      return { outcome: status, signup };
    });
    this.offerAtomically = atomic(
      db,
      (opportunityId: string, capacity: number | undefined, expiresAt: string, now: string) => {
        if (capacity !== undefined && this.taken(opportunityId) >= capacity) return undefined;
        const first = this.firstWaiting(opportunityId)[0];
        if (!first) return undefined;
        const offered: Signup = { ...first, status: 'offered', offerExpiresAt: expiresAt, updatedAt: now };
        this.records.put(first.id, offered);
        return offered;
      },
    );
    this.expireAtomically = atomic(db, (now: string) =>
      this.offersDue(now).map((offer) => {
        const cancelled: Signup = { ...withoutOffer(offer), status: 'cancelled', updatedAt: now };
        this.records.put(offer.id, cancelled);
        return cancelled;
      }),
    );
    this.forgetAtomically = atomic(db, (contactId: string, now: string) => {
      for (const signup of this.byContact(contactId)) {
        const { firstName: _erased, ...rest } = withoutOffer(signup);
        this.records.put(signup.id, { ...rest, status: 'cancelled', updatedAt: now });
      }
    });
  }

  async request(request: SignupRequest): Promise<Outcome> {
    return this.requestAtomically(request);
  }

  async cancel(id: string, now: string): Promise<Signup | undefined> {
    return this.change(id, (current) =>
      current.status === 'cancelled' ? undefined : { ...withoutOffer(current), status: 'cancelled', updatedAt: now },
    );
  }

  async offerNext(
    opportunityId: string,
    capacity: number | undefined,
    expiresAt: string,
    now: string,
  ): Promise<Signup | undefined> {
    return this.offerAtomically(opportunityId, capacity, expiresAt, now);
  }

  async answerOffer(id: string, accept: boolean, now: string): Promise<Answer> {
    return this.answerAtomically(id, accept, now);
  }

  async expireOffers(now: string): Promise<Signup[]> {
    return this.expireAtomically(now);
  }

  async setAttendance(
    id: string,
    attended: boolean,
    feedback: Feedback | undefined,
    now: string,
  ): Promise<Signup | undefined> {
    return this.change(id, (current) => ({ ...current, attended, ...(feedback ? { feedback } : {}), updatedAt: now }));
  }

  async forgetContact(contactId: string, now: string): Promise<void> {
    this.forgetAtomically(contactId, now);
  }

  async get(id: string): Promise<Signup | undefined> {
    return this.records.get(id);
  }

  async listByContact(contactId: string): Promise<Signup[]> {
    return this.byContact(contactId);
  }

  async listByOpportunity(opportunityId: string, window: ListWindow = {}): Promise<Signup[]> {
    return this.byOpportunity(opportunityId, ...sqlWindow(window));
  }

  async countConfirmed(opportunityId: string): Promise<number> {
    return this.taken(opportunityId);
  }

  private taken(opportunityId: string): number {
    return this.seats.get(opportunityId)!.n;
  }
}
