import type { ChannelIdentity, Contact } from '../../domain/model';
import type { ContactPatch, ContactRepository } from '../../domain/ports';
import { slices, type Collection, type EmbeddedDb, type Index } from './db';

const identityKey = (identity: ChannelIdentity): string => `${identity.channel}:${identity.externalId}`;

export class EmbeddedContacts implements ContactRepository {
  private readonly records: Collection<Contact>;
  private readonly byIdentity: Index<Contact>;

  constructor(db: EmbeddedDb) {
    this.records = db.collection<Contact>('contacts');
    this.byIdentity = this.records.index((contact) => contact.identities.map(identityKey));
  }

  async get(id: string): Promise<Contact | undefined> {
    return this.records.get(id);
  }

  batches(size: number): AsyncIterable<Contact[]> {
    return slices([...this.records.records.values()], size);
  }

  async findByIdentity(identity: ChannelIdentity): Promise<Contact | undefined> {
    return this.findSync(identity);
  }

  async findOrCreate(identity: ChannelIdentity, create: () => Contact): Promise<{ contact: Contact; created: boolean }> {
    const existing = this.findSync(identity);
    if (existing) return { contact: existing, created: false };
    const contact = create();
    await this.records.put(contact.id, contact);
    return { contact: contact, created: true };
  }

  async update(id: string, patch: ContactPatch): Promise<Contact | undefined> {
    const current = this.records.get(id);
    if (!current) return undefined;
    const updated = { ...current, ...patch };
    await this.records.put(id, updated);
    return updated;
  }

  async count(): Promise<number> {
    return this.records.records.size;
  }

  private findSync(identity: ChannelIdentity): Contact | undefined {
    const [id] = this.byIdentity.lookup(identityKey(identity));
    return id === undefined ? undefined : this.records.get(id);
  }
}
