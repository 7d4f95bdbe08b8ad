import type { ChannelIdentity, Contact } from '../../domain/model';
import type { ContactPatch, ContactRepository } from '../../domain/ports';
import { atomic, DocumentTable, type Db } from './documents';

const identityKey = (identity: ChannelIdentity): string => `${identity.channel}:${identity.externalId}`;

export class EmbeddedContacts implements ContactRepository {
  private readonly records: DocumentTable<Contact>;
  private readonly findId;
  private readonly countAll;
  private readonly removeIdentities;
  private readonly addIdentity;
  /** Writes a contact and its identities together (one transaction: never one without the other). */
  private readonly write: (contact: Contact) => void;
  private readonly findOrCreateAtomically: (identity: ChannelIdentity, create: () => Contact) => { contact: Contact; created: boolean };
  private readonly updateAtomically: (id: string, patch: ContactPatch) => Contact | undefined;

  constructor(db: Db) {
    this.records = new DocumentTable(db, 'contacts');
    this.findId = db.prepare<[string], { contact_id: string }>('SELECT contact_id FROM contact_identities WHERE identity = ?');
    this.countAll = db.prepare<[], { n: number }>('SELECT count(*) AS n FROM contacts');
    this.removeIdentities = db.prepare<[string]>('DELETE FROM contact_identities WHERE contact_id = ?');
    this.addIdentity = db.prepare<[string, string]>('INSERT OR REPLACE INTO contact_identities (identity, contact_id) VALUES (?, ?)');
    this.write = (contact) => {
      this.records.put(contact.id, contact);
      this.removeIdentities.run(contact.id);
      for (const identity of contact.identities) this.addIdentity.run(identityKey(identity), contact.id);
    };
    this.findOrCreateAtomically = atomic(db, (identity: ChannelIdentity, create: () => Contact) => {
      const existing = this.findSync(identity);
      if (existing) return { contact: existing, created: false };
      const contact = create();
      this.write(contact);
      return { contact, created: true };
    });
    this.updateAtomically = atomic(db, (id: string, patch: ContactPatch) => {
      const current = this.records.get(id);
      if (!current) return undefined;
      const updated: Contact = { ...current, ...patch };
      this.write(updated);
      return updated;
    });
  }

  async get(id: string): Promise<Contact | undefined> {
    return this.records.get(id);
  }

  batches(size: number): AsyncIterable<Contact[]> {
    return this.records.batches(size);
  }

  async findByIdentity(identity: ChannelIdentity): Promise<Contact | undefined> {
    return this.findSync(identity);
  }

  async findOrCreate(identity: ChannelIdentity, create: () => Contact): Promise<{ contact: Contact; created: boolean }> {
    return this.findOrCreateAtomically(identity, create);
  }

  async update(id: string, patch: ContactPatch): Promise<Contact | undefined> {
    return this.updateAtomically(id, patch);
  }

  async count(): Promise<number> {
    return this.countAll.get()!.n;
  }

  private findSync(identity: ChannelIdentity): Contact | undefined {
    const row = this.findId.get(identityKey(identity));
    return row ? this.records.get(row.contact_id) : undefined;
  }
}
