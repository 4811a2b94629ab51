import { createHash, randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { FileContentEntity, FileObjectEntity } from './file.entities.js';

/**
 * One small storage for uploaded files, used by the engine (File/Bytes variables, task
 * attachments) inside its own transactions and by anyone else through `FileStore`.
 *
 * - Content is stored once per sha256 (`file_content`); each upload is a `file_object` with its
 *   own id, original name and media type. Objects never change; deleting the last object of a
 *   content deletes the content.
 * - Bytes live in the database (`longblob` on MySQL/MariaDB, `blob` on SQLite), not in a
 *   directory: a file is written in the same transaction as the variable or attachment that
 *   points at it (a rolled-back command leaves no file behind, a committed one never points at a
 *   missing file), one backup holds everything, and engines sharing a MariaDB need no shared disk.
 *   The cost is database size; the size limit keeps single values far below MariaDB's
 *   `max_allowed_packet` (16 MiB by default).
 */

/** 10 MiB: the default limit of one file. */
export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024;

export interface FileLimits {
  /** Largest accepted file, in bytes. */
  maxBytes: number;
}

export interface NewFile {
  content: Uint8Array;
  /** Media type as declared by the uploader (kept for information, never trusted for serving). */
  mimeType?: string | null;
  /** The uploader's file name; reduced to a safe base name. */
  originalName?: string | null;
  /** A chosen id (the engine fixes it before the command writes); a second put with it is a no-op. */
  id?: string;
}

export interface StoredFile {
  id: string;
  sha256: string;
  size: number;
  mimeType: string;
  originalName: string | null;
  createdAt: Date;
}

/** A file above the configured limit (callers answer 400). */
export class FileTooLargeError extends Error {
  constructor(
    readonly size: number,
    readonly maxBytes: number,
  ) {
    super(`The file has ${size} bytes; the limit is ${maxBytes} bytes.`);
    this.name = 'FileTooLargeError';
  }
}

/**
 * A name safe to store and to show: the last segment of any path (`../../x` → `x`, `C:\a\b` → `b`),
 * without control characters, at most 255 characters; null when nothing is left.
 */
export function safeFileName(name: string | null | undefined): string | null {
  if (name === null || name === undefined) return null;
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[/\\]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (base === '' || base === '.' || base === '..') return null;
  return base.length > 255 ? base.slice(0, 255) : base;
}

const MIME = /^([a-z0-9][a-z0-9!#$&^_.+-]{0,63})\/([a-z0-9][a-z0-9!#$&^_.+-]{0,126})$/;
/** `type/subtype` lower-cased, parameters dropped; anything else is `application/octet-stream`. */
export function safeMimeType(type: string | null | undefined): string {
  const t = (type ?? '').split(';')[0]!.trim().toLowerCase();
  return MIME.test(t) ? t : 'application/octet-stream';
}

export const sha256Of = (content: Uint8Array): string => createHash('sha256').update(content).digest('hex');

const toStored = (o: FileObjectEntity): StoredFile => ({
  id: o.id,
  sha256: o.sha256,
  size: o.size,
  mimeType: o.mimeType,
  originalName: o.originalName,
  createdAt: o.createdAt,
});

/** The storage inside a transaction the caller owns (the engine's command). */
export class FileRepository {
  constructor(
    private readonly em: EntityManager,
    readonly limits: FileLimits = { maxBytes: DEFAULT_MAX_FILE_BYTES },
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** MySQL/MariaDB: lock the content row, so a delete and a put of the same content serialise. */
  private get forUpdate(): string {
    return this.em.connection.driver.options.type === 'mysql' ? ' FOR UPDATE' : '';
  }

  /** Stores `file` (its content once per sha256). Throws FileTooLargeError above the limit. */
  async put(file: NewFile): Promise<StoredFile> {
    const size = file.content.byteLength;
    if (size > this.limits.maxBytes) throw new FileTooLargeError(size, this.limits.maxBytes);
    if (file.id) {
      const existing = await this.info(file.id);
      if (existing) return existing;
    }
    const sha256 = sha256Of(file.content);
    const createdAt = this.now();
    const present = (await this.em.query(
      `SELECT sha256 FROM file_content WHERE sha256 = ?${this.forUpdate}`,
      [sha256],
    )) as unknown[];
    if (present.length === 0)
      await this.em
        .createQueryBuilder()
        .insert()
        .into(FileContentEntity)
        .values({ sha256, size, content: Buffer.from(file.content), createdAt })
        .orIgnore() // a concurrent put of the same content won: the bytes are the same
        .execute();
    const row: FileObjectEntity = {
      id: file.id ?? randomUUID(),
      sha256,
      size,
      mimeType: safeMimeType(file.mimeType),
      originalName: safeFileName(file.originalName),
      createdAt,
    };
    await this.em.createQueryBuilder().insert().into(FileObjectEntity).values(row).execute();
    return toStored(row);
  }

  async info(id: string): Promise<StoredFile | null> {
    const o = await this.em.getRepository(FileObjectEntity).findOne({ where: { id } });
    return o ? toStored(o) : null;
  }

  /** The file and its bytes; null when there is no such file. */
  async read(id: string): Promise<{ file: StoredFile; content: Buffer } | null> {
    const file = await this.info(id);
    if (!file) return null;
    const c = await this.em.getRepository(FileContentEntity).findOne({ where: { sha256: file.sha256 } });
    if (!c) return null;
    return { file, content: Buffer.isBuffer(c.content) ? c.content : Buffer.from(c.content) };
  }

  /** Deletes the file; its content goes too when no other file has the same bytes. */
  async delete(id: string): Promise<boolean> {
    const file = await this.info(id);
    if (!file) return false;
    await this.em.getRepository(FileObjectEntity).delete({ id });
    await this.em.query(`SELECT sha256 FROM file_content WHERE sha256 = ?${this.forUpdate}`, [file.sha256]);
    const others = await this.em.getRepository(FileObjectEntity).count({ where: { sha256: file.sha256 } });
    if (others === 0) await this.em.getRepository(FileContentEntity).delete({ sha256: file.sha256 });
    return true;
  }
}

/**
 * The storage on a DataSource, one transaction per call (for the portal's dossier uploads).
 * On SQLite, do not call it while another transaction is open on the same DataSource.
 */
export class FileStore {
  constructor(
    private readonly ds: DataSource,
    readonly limits: FileLimits = { maxBytes: DEFAULT_MAX_FILE_BYTES },
  ) {}

  private run<T>(fn: (repo: FileRepository) => Promise<T>): Promise<T> {
    return this.ds.transaction((em) => fn(new FileRepository(em, this.limits)));
  }

  put(file: NewFile): Promise<StoredFile> {
    return this.run((r) => r.put(file));
  }
  info(id: string): Promise<StoredFile | null> {
    return this.run((r) => r.info(id));
  }
  read(id: string): Promise<{ file: StoredFile; content: Buffer } | null> {
    return this.run((r) => r.read(id));
  }
  delete(id: string): Promise<boolean> {
    return this.run((r) => r.delete(id));
  }
}
