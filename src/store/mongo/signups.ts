/** Sign-ups on MongoDB: places counted by a seat counter updated in the same conditional write. */
import type { Feedback, Signup } from '../../domain/model';
import type { ListWindow, OfferAnswer, SignupOutcome, SignupRepository, SignupRequest } from '../../domain/ports';
import type { Models } from './models';
import { isDuplicateKey, plain, toRecord, windowed } from './queries';
import { serverAtomic, type WriteGuard } from './write-guard';

type Lean = Record<string, unknown>;
const records = <T>(documents: Lean[]): T[] => documents.map((document) => toRecord<T>(document)!);

export class MongoSignups implements SignupRepository {
  constructor(
    private readonly models: Models,
    private readonly guard: WriteGuard = serverAtomic,
  ) {}

  request(request: SignupRequest): Promise<{ outcome: SignupOutcome; signup?: Signup }> {
    return this.guard.run('signups', () => this.requestNow(request));
  }

  private async requestNow(request: SignupRequest): Promise<{ outcome: SignupOutcome; signup?: Signup }> {
    const filter = { contactId: plain(request.contactId), opportunityId: plain(request.opportunityId) };
    let existing = toRecord<Signup>(await this.models.signups.findOne(filter).lean<Lean>());
    if (existing?.status === 'confirmed') return { outcome: 'already_confirmed', signup: existing };
    if (existing?.status === 'offered') {
      // Signing up again for the place they were offered is taking it.
      const { answer, signup } = await this.answerNow(existing.id, true, request.now);
      if (answer === 'confirmed') return { outcome: 'confirmed', signup };
      // An offer past its deadline holds a place until the expiry job runs: give it back first.
      if (answer === 'expired') existing = await this.withdrawOffer(existing.id, request.now);
    }
    const seat = await this.takeSeat(request.opportunityId, request.capacity);
    if (!seat && existing?.status === 'waitlisted') return { outcome: 'already_waitlisted', signup: existing };
    if (!seat && !request.joinWaitlist) return { outcome: 'full' };
    const status = seat ? 'confirmed' : 'waitlisted';
    const fields = {
      status,
      channel: request.channel,
      updatedAt: request.now,
      ...(request.firstName !== undefined ? { firstName: request.firstName } : {}),
      ...(request.ageBracket !== undefined ? { ageBracket: request.ageBracket } : {}),
      ...(request.parentConsent !== undefined ? { parentConsent: request.parentConsent } : {}),
    };
    const saved = existing
      ? await this.replaceIfUnchanged(existing, fields)
      : await this.insertUnlessTaken({ _id: request.id, ...filter, createdAt: request.now, ...fields });
    if (saved) return { outcome: status, signup: saved };
    // The same person signing up twice at once: the other request won; give the seat back.
    if (seat) await this.releaseSeat(request.opportunityId);
    const winner = toRecord<Signup>(await this.models.signups.findOne(filter).lean<Lean>())!;
    return { outcome: winner.status === 'confirmed' ? 'already_confirmed' : 'already_waitlisted', signup: winner };
  }

  /** A new sign-up by insert, never upsert: a second one at once meets the unique index and loses. */
  private async insertUnlessTaken(document: Lean & { _id: string }): Promise<Signup | undefined> {
    try {
      await this.models.signups.create(document);
      return toRecord<Signup>(document);
    } catch (error) {
      if (isDuplicateKey(error)) return undefined;
      throw error;
    }
  }

  /** A sign-up signed up again: written only if nobody changed it since it was read. */
  private async replaceIfUnchanged(existing: Signup, fields: Record<string, unknown>): Promise<Signup | undefined> {
    const saved = await this.models.signups
      .findOneAndUpdate(
        { _id: plain(existing.id), status: existing.status, updatedAt: existing.updatedAt },
        { $set: fields },
        { returnDocument: 'after' },
      )
      .lean<Lean>();
    return toRecord<Signup>(saved);
  }

  /** An expired offer back to the waiting list, its place released; the current record either way. */
  private async withdrawOffer(id: string, now: string): Promise<Signup | undefined> {
    const withdrawn = await this.models.signups
      .findOneAndUpdate(
        { _id: plain(id), status: 'offered', offerExpiresAt: { $lte: now } },
        { $set: { status: 'waitlisted', updatedAt: now }, $unset: { offerExpiresAt: '' } },
        { returnDocument: 'after' },
      )
      .lean<Lean>();
    if (withdrawn) await this.releaseSeat(String(withdrawn.opportunityId));
    return withdrawn ? toRecord<Signup>(withdrawn) : this.get(id);
  }

  /** One atomic conditional increment: the counter only moves while it is below the capacity. */
  private async takeSeat(opportunityId: string, capacity: number | undefined): Promise<boolean> {
    const id = plain(opportunityId);
    if (capacity === undefined) {
      await this.models.seats.updateOne({ _id: id }, { $inc: { confirmed: 1 } }, { upsert: true });
      return true;
    }
    if (capacity <= 0) return false;
    const filter = { _id: id, confirmed: { $lt: capacity } };
    try {
      return (
        (await this.models.seats
          .findOneAndUpdate(filter, { $inc: { confirmed: 1 } }, { upsert: true, returnDocument: 'after' })
          .lean<Lean>()) !== null
      );
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      // Either another request created the counter first, or the counter is full and the upsert
      // tried to insert a second one: try the conditional increment on the existing counter.
      return (
        (await this.models.seats
          .findOneAndUpdate(filter, { $inc: { confirmed: 1 } }, { returnDocument: 'after' })
          .lean<Lean>()) !== null
      );
    }
  }

  private async releaseSeat(opportunityId: string): Promise<void> {
    await this.models.seats.updateOne(
      { _id: plain(opportunityId), confirmed: { $gt: 0 } },
      { $inc: { confirmed: -1 } },
    );
  }

  cancel(id: string, now: string) {
    return this.guard.run('signups', () => this.cancelNow(id, now));
  }

  private async cancelNow(id: string, now: string) {
    const before = await this.models.signups
      .findOneAndUpdate(
        { _id: plain(id), status: { $ne: 'cancelled' } },
        { $set: { status: 'cancelled', updatedAt: now } },
      )
      .lean<Lean>();
    if (!before) return undefined;
    if (before.status === 'confirmed' || before.status === 'offered')
      await this.releaseSeat(String(before.opportunityId));
    if (before.status === 'offered')
      await this.models.signups.updateOne({ _id: plain(id) }, { $unset: { offerExpiresAt: '' } });
    const { offerExpiresAt: _offer, ...rest } = before;
    return toRecord<Signup>({ ...rest, status: 'cancelled', updatedAt: now });
  }

  offerNext(
    opportunityId: string,
    capacity: number | undefined,
    expiresAt: string,
    now: string,
  ): Promise<Signup | undefined> {
    return this.guard.run('signups', () => this.offerNow(opportunityId, capacity, expiresAt, now));
  }

  private async offerNow(opportunityId: string, capacity: number | undefined, expiresAt: string, now: string) {
    if (!(await this.takeSeat(opportunityId, capacity))) return undefined;
    const offered = await this.models.signups
      .findOneAndUpdate(
        { opportunityId: plain(opportunityId), status: 'waitlisted' },
        { $set: { status: 'offered', offerExpiresAt: expiresAt, updatedAt: now } },
        { sort: { createdAt: 1, _id: 1 }, returnDocument: 'after' },
      )
      .lean<Lean>();
    // Nobody waiting: the seat taken for them goes back.
    if (!offered) await this.releaseSeat(opportunityId);
    return toRecord<Signup>(offered);
  }

  answerOffer(id: string, accept: boolean, now: string): Promise<{ answer: OfferAnswer; signup?: Signup }> {
    return this.guard.run('signups', () => this.answerNow(id, accept, now));
  }

  private async answerNow(id: string, accept: boolean, now: string): Promise<{ answer: OfferAnswer; signup?: Signup }> {
    const filter: Record<string, unknown> = {
      _id: plain(id),
      status: 'offered',
      ...(accept ? { offerExpiresAt: { $gt: now } } : {}),
    };
    const answered = await this.models.signups
      .findOneAndUpdate(
        filter,
        { $set: { status: accept ? 'confirmed' : 'cancelled', updatedAt: now }, $unset: { offerExpiresAt: '' } },
        { returnDocument: 'after' },
      )
      .lean<Lean>();
    if (answered) {
      if (!accept) await this.releaseSeat(String(answered.opportunityId));
      return { answer: accept ? 'confirmed' : 'declined', signup: toRecord<Signup>(answered) };
    }
    const current = await this.get(id);
    return {
      answer: current?.status === 'offered' ? 'expired' : 'not_offered',
      ...(current ? { signup: current } : {}),
    };
  }

  expireOffers(now: string): Promise<Signup[]> {
    return this.guard.run('signups', () => this.expireNow(now));
  }

  private async expireNow(now: string): Promise<Signup[]> {
    const expired: Signup[] = [];
    for (;;) {
      const document = await this.models.signups
        .findOneAndUpdate(
          { status: 'offered', offerExpiresAt: { $lte: now } },
          { $set: { status: 'cancelled', updatedAt: now }, $unset: { offerExpiresAt: '' } },
          { returnDocument: 'after' },
        )
        .lean<Lean>();
      if (!document) return expired;
      await this.releaseSeat(String(document.opportunityId));
      expired.push(toRecord<Signup>(document)!);
    }
  }

  async setAttendance(
    id: string,
    attended: boolean,
    feedback: Feedback | undefined,
    now: string,
  ): Promise<Signup | undefined> {
    const document = await this.models.signups
      .findOneAndUpdate(
        { _id: plain(id) },
        { $set: { attended, ...(feedback ? { feedback: plain(feedback) } : {}), updatedAt: now } },
        { returnDocument: 'after' },
      )
      .lean<Lean>();
    return toRecord<Signup>(document);
  }

  forgetContact(contactId: string, now: string): Promise<void> {
    return this.guard.run('signups', () => this.forgetNow(contactId, now));
  }

  private async forgetNow(contactId: string, now: string) {
    for (const signup of await this.listByContact(contactId))
      if (signup.status !== 'cancelled') await this.cancelNow(signup.id, now);
    await this.models.signups.updateMany({ contactId: plain(contactId) }, { $unset: { firstName: '' } });
  }

  async get(id: string) {
    return toRecord<Signup>(await this.models.signups.findById(plain(id)).lean<Lean>());
  }
  async listByContact(contactId: string) {
    return records<Signup>(
      await this.models.signups
        .find({ contactId: plain(contactId) })
        .sort({ createdAt: 1, _id: 1 })
        .lean<Lean[]>(),
    );
  }
  async listByOpportunity(opportunityId: string, window: ListWindow = {}) {
    return records<Signup>(
      await windowed(
        this.models.signups.find({ opportunityId: plain(opportunityId) }).sort({ createdAt: 1, _id: 1 }),
        window,
      ).lean<Lean[]>(),
    );
  }
  async countConfirmed(opportunityId: string) {
    // Majority read: a count shown to a coordinator never includes a place a failover would roll back.
    const counter = await this.models.seats.findById(plain(opportunityId)).readConcern('majority').lean<Lean>();
    return typeof counter?.confirmed === 'number' ? counter.confirmed : 0;
  }
}
