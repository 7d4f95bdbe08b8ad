/** Uploaded pictures and videos in the database file itself, so a backup holds them too. */
import type { MediaFile, MediaRepository } from '../../domain/ports';
import type { Db } from './documents';

export class EmbeddedMedia implements MediaRepository {
  private readonly insert;
  private readonly selectOne;
  private readonly byOrganisation;

  constructor(db: Db) {
    this.insert = db.prepare<[string, string, Uint8Array]>(
      `INSERT INTO media (id, doc, bytes) VALUES (?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET doc = excluded.doc, bytes = excluded.bytes`,
    );
    this.selectOne = db.prepare<[string], { doc: string; bytes: Buffer }>('SELECT doc, bytes FROM media WHERE id = ?');
    this.byOrganisation = db.prepare<[string], { doc: string }>(
      'SELECT doc FROM media WHERE organisation_id = ? ORDER BY created_at DESC, id',
    );
  }

  async save(file: MediaFile, bytes: Uint8Array): Promise<void> {
    this.insert.run(file.id, JSON.stringify(file), bytes);
  }

  async get(id: string): Promise<{ file: MediaFile; bytes: Uint8Array } | undefined> {
    const row = this.selectOne.get(id);
    return row ? { file: JSON.parse(row.doc) as MediaFile, bytes: row.bytes } : undefined;
  }

  async list(organisationId: string): Promise<MediaFile[]> {
    return this.byOrganisation.all(organisationId).map((row) => JSON.parse(row.doc) as MediaFile);
  }
}
