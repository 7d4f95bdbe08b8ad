/**
 * Uploaded pictures and videos in GridFS (bucket `media`): a video of 20 MB is above a document's
 * 16 MB limit, so files go in chunks, as the MongoDB driver's GridFS writes and reads them.
 */
import mongoose, { type Connection } from 'mongoose';
import type { MediaFile, MediaRepository } from '../../domain/ports';

interface FileDocument {
  _id: string;
  metadata?: { file?: MediaFile };
}

export class MongoMedia implements MediaRepository {
  private bucketOf?: mongoose.mongo.GridFSBucket;

  constructor(private readonly connection: Connection) {}

  private get bucket(): mongoose.mongo.GridFSBucket {
    this.bucketOf ??= new mongoose.mongo.GridFSBucket(this.connection.db!, { bucketName: 'media' });
    return this.bucketOf;
  }

  /** Replaces a file of the same id (store:copy run twice writes the same files again). */
  async save(file: MediaFile, bytes: Uint8Array): Promise<void> {
    const existing = await this.bucket
      .find({ _id: file.id as never })
      .limit(1)
      .toArray();
    if (existing.length > 0) await this.bucket.delete(file.id as never);
    const upload = this.bucket.openUploadStreamWithId(file.id as never, file.name, { metadata: { file } });
    await new Promise<void>((resolve, reject) => {
      upload.once('finish', () => resolve());
      upload.once('error', reject);
      upload.end(Buffer.from(bytes));
    });
  }

  async get(id: string): Promise<{ file: MediaFile; bytes: Uint8Array } | undefined> {
    const found = (await this.bucket
      .find({ _id: id as never })
      .limit(1)
      .toArray()) as unknown as FileDocument[];
    const file = found[0]?.metadata?.file;
    if (!file) return undefined;
    const chunks: Buffer[] = [];
    for await (const chunk of this.bucket.openDownloadStream(id as never)) chunks.push(chunk as Buffer);
    return { file, bytes: Buffer.concat(chunks) };
  }

  async list(organisationId: string): Promise<MediaFile[]> {
    const files = (await this.bucket
      .find({ 'metadata.file.organisationId': organisationId })
      .sort({ 'metadata.file.createdAt': -1, _id: 1 })
      .toArray()) as unknown as FileDocument[];
    return files.flatMap((document) => (document.metadata?.file ? [document.metadata.file] : []));
  }
}
