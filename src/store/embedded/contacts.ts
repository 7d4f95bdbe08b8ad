import type { ChannelIdentity, Contact } from '../../domain/model';
import type { ContactPatch, ContactRepository } from '../../domain/ports';
import { RecordCache } from './cache';
import { atomic, DocumentTable, type Db } from './documents';

const identityKey = (identity: ChannelIdentity): string => `${identity.channel}:${identity.externalId}`;

export class EmbeddedContacts implements ContactRepository {
  private readonly records: DocumentTable<Contact>;
  /** Every inbound message looks its sender up: contacts and identity → id are cached. */
  private readonly cached: RecordCache<Contact>;
  private readonly idOf: RecordCache<string>;
  private readonly findId;
  private readonly countAll;
  private readonly removeIdentities;
  private readonly addIdentity;
  private readonly createAtomically: (
    identity: ChannelIdentity,
    create: () => Contact,
  ) => { contact: Contact; created: boolean };
  private readonly updateAtomically: (
    id: string,
    patch: ContactPatch,
  ) => { before: Contact; after: Contact } | undefined;

  constructor(db: Db) {
    this.records = new DocumentTable(db, 'contacts');
    this.cached = new RecordCache(db);
    this.idOf = new RecordCache(db);
    this.findId = db.prepare<[string], string>('SELECT contact_id FROM contact_identities WHERE identity = ?').pluck();
    this.countAll = db.prepare<[], number>('SELECT count(*) FROM contacts').pluck();
    this.removeIdentities = db.prepare<[string]>('DELETE FROM contact_identities WHERE contact_id = ?');
    this.addIdentity = db.prepare<[string, string]>(
      'INSERT OR REPLACE INTO contact_identities (identity, contact_id) VALUES (?, ?)',
    );
    // A contact and its identities are written together: never one without the other.
    const write = (contact: Contact) => {
      this.records.put(contact.id, contact);
      this.removeIdentities.run(contact.id);
      for (const identity of contact.identities) this.addIdentity.run(identityKey(identity), contact.id);
    };
    this.createAtomically = atomic(db, (identity: ChannelIdentity, create: () => Contact) => {
      const existing = this.findSync(identity);
      if (existing) return { contact: existing, created: false };
      const contact = create();
      write(contact);
      return { contact, created: true };
    });
    this.updateAtomically = atomic(db, (id: string, patch: ContactPatch) => {
      const before = this.read(id);
      if (!before) return undefined;
      const after: Contact = { ...before, ...patch };
      write(after);
      return { before, after };
    });
  }

  async get(id: string): Promise<Contact | undefined> {
    return this.read(id);
  }

  batches(size: number): AsyncIterable<Contact[]> {
    return this.records.batches(size);
  }

  async findByIdentity(identity: ChannelIdentity): Promise<Contact | undefined> {
    return this.findSync(identity);
  }

  // Nearly every message comes from someone known: a plain read first, the write lock only to create.
  async findOrCreate(
    identity: ChannelIdentity,
    create: () => Contact,
  ): Promise<{ contact: Contact; created: boolean }> {
    const existing = this.findSync(identity);
    if (existing) return { contact: existing, created: false };
    const result = this.createAtomically(identity, create);
    if (result.created) this.remember(result.contact);
    return result;
  }

  async update(id: string, patch: ContactPatch): Promise<Contact | undefined> {
    const changed = this.updateAtomically(id, patch);
    if (!changed) return undefined;
    for (const identity of changed.before.identities) this.idOf.delete(identityKey(identity));
    return this.remember(changed.after);
  }

  async count(): Promise<number> {
    return this.countAll.get()!;
  }

  private read(id: string): Contact | undefined {
    return this.cached.through(id, () => this.records.get(id));
  }

  private findSync(identity: ChannelIdentity): Contact | undefined {
    const key = identityKey(identity);
    const id = this.idOf.through(key, () => this.findId.get(key));
    return id === undefined ? undefined : this.read(id);
  }

  private remember(contact: Contact): Contact {
    for (const identity of contact.identities) this.idOf.set(identityKey(identity), contact.id);
    return this.cached.set(contact.id, contact);
  }
}
