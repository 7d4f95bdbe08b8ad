/**
 * Pictures and short videos coordinators upload, so a broadcast or an opportunity needs no hosting
 * elsewhere. A picture (JPEG, PNG or WebP, 5 MB at most) is turned upright, resized to 1600 pixels
 * at most, re-encoded as JPEG and stripped of its metadata (camera, place, date) by sharp; a video
 * (MP4, 20 MB at most) is kept as sent, after its header says it is one.
 */
import sharp from 'sharp';
import type { MediaFile, Store } from '../../domain/ports';
import { invalid, NotFoundError } from '../errors';
import { canSee, organisationFor, type Principal } from '../principal';

export const PICTURE_MAX_BYTES = 5 * 1024 * 1024;
export const VIDEO_MAX_BYTES = 20 * 1024 * 1024;
/** The longest side of a picture once stored: sharp enough on any phone, light on the network. */
const PICTURE_MAX_SIDE = 1600;

export interface MediaDeps {
  store: Pick<Store, 'media' | 'organisations'>;
  newId: () => string;
  clock: () => Date;
  /** The address files are served at: `<publicUrl>/media/<id>`. */
  publicUrl: string;
}

export interface UploadedFile {
  name: string;
  bytes: Uint8Array;
  organisationId?: string;
}

/** An MP4 file starts with a box whose type, at byte 4, is `ftyp`. */
function isMp4(bytes: Uint8Array): boolean {
  return bytes.length > 12 && Buffer.from(bytes.subarray(4, 8)).toString('latin1') === 'ftyp';
}

export class Media {
  constructor(private readonly deps: MediaDeps) {}

  url(file: Pick<MediaFile, 'id' | 'contentType'>): string {
    return `${this.deps.publicUrl}/media/${file.id}.${file.contentType === 'video/mp4' ? 'mp4' : 'jpg'}`;
  }

  async upload(principal: Principal, upload: UploadedFile): Promise<MediaFile> {
    const organisationId = organisationFor(principal, upload.organisationId);
    if (!(await this.deps.store.organisations.get(organisationId))) throw new NotFoundError('organisation');
    if (upload.bytes.length === 0) throw invalid('file', 'required', 'choose a picture or a video');
    const stored = isMp4(upload.bytes) ? this.video(upload.bytes) : await this.picture(upload.bytes);
    const file: MediaFile = {
      id: this.deps.newId(),
      organisationId,
      contentType: stored.contentType,
      name: upload.name.slice(0, 200) || 'media',
      size: stored.bytes.length,
      createdAt: this.deps.clock().toISOString(),
    };
    await this.deps.store.media.save(file, stored.bytes);
    return file;
  }

  async list(principal: Principal, organisationId?: string): Promise<MediaFile[]> {
    return this.deps.store.media.list(organisationFor(principal, organisationId));
  }

  /** A file for anyone who has its address (the platforms fetch it); undefined when unknown. */
  async serve(id: string): Promise<{ file: MediaFile; bytes: Uint8Array } | undefined> {
    return this.deps.store.media.get(id);
  }

  /** Whether the principal may see the file in the dashboard. */
  async mine(principal: Principal, id: string): Promise<MediaFile> {
    const found = await this.deps.store.media.get(id);
    if (!found || !canSee(principal, found.file.organisationId)) throw new NotFoundError('media');
    return found.file;
  }

  private video(bytes: Uint8Array): { contentType: 'video/mp4'; bytes: Uint8Array } {
    if (bytes.length > VIDEO_MAX_BYTES) throw invalid('file', 'too_large', 'a video of 20 MB at most');
    return { contentType: 'video/mp4', bytes };
  }

  private async picture(bytes: Uint8Array): Promise<{ contentType: 'image/jpeg'; bytes: Uint8Array }> {
    if (bytes.length > PICTURE_MAX_BYTES) throw invalid('file', 'too_large', 'a picture of 5 MB at most');
    let format: string | undefined;
    try {
      format = (await sharp(bytes).metadata()).format;
    } catch {
      format = undefined;
    }
    if (format !== 'jpeg' && format !== 'png' && format !== 'webp')
      throw invalid('file', 'not_media', 'a JPEG, PNG or WebP picture, or an MP4 video');
    // Upright (from the camera's orientation tag), no larger than needed, transparent parts on white;
    // sharp writes no metadata unless asked, so location and camera details are gone.
    const encoded = await sharp(bytes)
      .rotate()
      .resize({ width: PICTURE_MAX_SIDE, height: PICTURE_MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .flatten({ background: '#ffffff' })
      .jpeg({ quality: 82, mozjpeg: true })
      .toBuffer();
    return { contentType: 'image/jpeg', bytes: encoded };
  }
}
