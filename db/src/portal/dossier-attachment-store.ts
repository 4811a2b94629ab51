import { randomUUID } from 'node:crypto';
import { In, IsNull, LessThan, Not, type DataSource, type EntityManager } from 'typeorm';
import { DEFAULT_MAX_FILE_BYTES, FileRepository, type FileLimits } from '../files/file-store.js';
import { DossierAttachmentEntity } from './dossier-attachment.entity.js';
import { invalidateReportMonthsOfDossier } from '../reports/month-summary.js';

/**
 * The storage's own ceiling for one document file (the portal's configured limit is lower): on
 * MariaDB/MySQL a value must also fit `max_allowed_packet` (16 MiB by default on MariaDB 10.11).
 */
export const MAX_ATTACHMENT_BYTES = 64 * 1024 * 1024;

export type AttachmentState = 'staged' | 'current' | 'replaced';
export type AttachmentSource = 'applicant' | 'desk' | 'supplement';

/** An uploaded document file as the portal sees it (no ORM class leaves db/). */
export interface DossierAttachment {
  id: string;
  dossierId: string | null;
  ownerId: string;
  scope: string;
  slot: number;
  documentName: string;
  fileId: string;
  sha256: string;
  size: number;
  mediaType: string;
  originalName: string | null;
  state: AttachmentState;
  source: AttachmentSource;
  replacedBy: string | null;
  createdAt: Date;
  boundAt: Date | null;
  expiresAt: Date | null;
}

export interface NewStagedAttachment {
  ownerId: string;
  scope: string;
  slot: number;
  documentName: string;
  source: AttachmentSource;
  content: Uint8Array;
  /** Found in the bytes by the caller. */
  mediaType: string;
  originalName: string | null;
  expiresAt: Date;
}

export interface BindOptions {
  /** Only staged attachments of this owner and scope are bound. */
  ownerId: string;
  scope: string;
  /** The dossier's current attachments of the bound slots become `replaced` (a supplement round). */
  replace: boolean;
  at: Date;
}

export interface BindResult {
  bound: DossierAttachment[];
  /** The attachments the bound ones replaced (state `replaced` now). */
  replaced: DossierAttachment[];
}

/** Some of the staged attachments to bind were gone (expired, discarded, bound elsewhere). */
export class StagedAttachmentGoneError extends Error {
  constructor(readonly ids: string[]) {
    super(`Staged attachments not available: ${ids.join(', ')}`);
    this.name = 'StagedAttachmentGoneError';
  }
}

const toAttachment = (e: DossierAttachmentEntity): DossierAttachment => ({
  id: e.id,
  dossierId: e.dossierId,
  ownerId: e.ownerId,
  scope: e.scope,
  slot: Number(e.slot),
  documentName: e.documentName,
  fileId: e.fileId,
  sha256: e.sha256,
  size: Number(e.size),
  mediaType: e.mediaType,
  originalName: e.originalName,
  state: e.state as AttachmentState,
  source: e.source as AttachmentSource,
  replacedBy: e.replacedBy,
  createdAt: new Date(e.createdAt),
  boundAt: e.boundAt ? new Date(e.boundAt) : null,
  expiresAt: e.expiresAt ? new Date(e.expiresAt) : null,
});

/**
 * The dossiers' uploaded documents: metadata in `dossier_attachment`, bytes in the shared file
 * storage (`db/src/files/`), each write in one transaction with its file so no row points at a
 * missing file and no file is left without its row. On SQLite, do not call it while another
 * transaction is open on the same DataSource.
 */
export class DossierAttachmentStore {
  constructor(
    private readonly ds: DataSource,
    readonly limits: FileLimits = { maxBytes: DEFAULT_MAX_FILE_BYTES },
  ) {}

  private repo(em: EntityManager = this.ds.manager) {
    return em.getRepository(DossierAttachmentEntity);
  }

  /** Stores the file and a `staged` row for it. */
  async stage(a: NewStagedAttachment): Promise<DossierAttachment> {
    return this.ds.transaction(async (em) => {
      const file = await new FileRepository(em, this.limits).put({
        content: a.content,
        mimeType: a.mediaType,
        originalName: a.originalName,
      });
      const row: DossierAttachmentEntity = {
        id: randomUUID(),
        dossierId: null,
        ownerId: a.ownerId,
        scope: a.scope.slice(0, 200),
        slot: a.slot,
        documentName: a.documentName.slice(0, 500),
        fileId: file.id,
        sha256: file.sha256,
        size: file.size,
        mediaType: a.mediaType,
        originalName: file.originalName,
        state: 'staged',
        source: a.source,
        replacedBy: null,
        createdAt: file.createdAt,
        boundAt: null,
        expiresAt: a.expiresAt,
      };
      await this.repo(em).insert(row);
      return toAttachment(row);
    });
  }

  /** The owner's staged uploads of the scope that have not expired, oldest first. */
  async listStaged(ownerId: string, scope: string, now: Date): Promise<DossierAttachment[]> {
    const rows = await this.repo().find({
      where: { ownerId, scope, state: 'staged' },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map(toAttachment).filter((a) => !a.expiresAt || a.expiresAt > now);
  }

  async find(id: string): Promise<DossierAttachment | null> {
    const e = await this.repo().findOneBy({ id });
    return e ? toAttachment(e) : null;
  }

  /** Every attachment bound to the dossier (current and replaced), oldest first. */
  async listForDossier(dossierId: string): Promise<DossierAttachment[]> {
    const rows = await this.repo().find({
      where: { dossierId, state: Not('staged') },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
    return rows.map(toAttachment);
  }

  /**
   * Binds the staged attachments to the dossier (state `current`), all or none: when one of them
   * is not a staged upload of the owner and scope any more, StagedAttachmentGoneError and nothing
   * changes. With `replace`, the dossier's current attachments of the same slots become `replaced`
   * (pointing at the first new one of their slot).
   */
  async bind(dossierId: string, ids: string[], o: BindOptions): Promise<BindResult> {
    if (!ids.length) return { bound: [], replaced: [] };
    return this.ds.transaction(async (em) => {
      const repo = this.repo(em);
      const staged = await repo.find({
        where: { id: In(ids), ownerId: o.ownerId, scope: o.scope, state: 'staged', dossierId: IsNull() },
      });
      const gone = ids.filter((id) => !staged.some((s) => s.id === id));
      if (gone.length) throw new StagedAttachmentGoneError(gone);
      const replaced: DossierAttachment[] = [];
      if (o.replace) {
        const slots = [...new Set(staged.map((s) => Number(s.slot)))];
        const current = await repo.find({ where: { dossierId, state: 'current', slot: In(slots) } });
        for (const c of current) {
          const by = staged.find((s) => Number(s.slot) === Number(c.slot))!.id;
          await repo.update({ id: c.id, state: 'current' }, { state: 'replaced', replacedBy: by });
          replaced.push({ ...toAttachment(c), state: 'replaced', replacedBy: by });
        }
      }
      for (const s of staged) {
        const r = await repo.update(
          { id: s.id, state: 'staged' },
          { dossierId, state: 'current', boundAt: o.at, expiresAt: null },
        );
        if (r.affected === 0) throw new StagedAttachmentGoneError([s.id]);
      }
      const bound = staged
        .map((s) => ({
          ...toAttachment(s),
          dossierId,
          state: 'current' as const,
          boundAt: o.at,
          expiresAt: null,
        }))
        .sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
      // "Digitised" counts at the dossier's receipt, which may be in a closed report month.
      await invalidateReportMonthsOfDossier(em, dossierId);
      return { bound, replaced };
    });
  }

  /** Deletes a staged upload of the owner (and its file when no other file has its bytes). */
  async discardStaged(id: string, ownerId: string): Promise<DossierAttachment | null> {
    return this.ds.transaction(async (em) => {
      const e = await this.repo(em).findOneBy({ id, ownerId, state: 'staged' });
      if (!e) return null;
      await this.repo(em).delete({ id, state: 'staged' });
      await new FileRepository(em, this.limits).delete(e.fileId);
      return toAttachment(e);
    });
  }

  /** Deletes up to `limit` staged uploads that expired before `now`; returns how many. */
  async purgeExpired(now: Date, limit = 50): Promise<number> {
    const rows = await this.repo().find({
      where: { state: 'staged', expiresAt: LessThan(now) },
      take: limit,
    });
    let n = 0;
    for (const r of rows) if (await this.discardStaged(r.id, r.ownerId)) n++;
    return n;
  }

  /** The bytes of the attachment's file; null when the file is missing. */
  async content(a: Pick<DossierAttachment, 'fileId'>): Promise<Buffer | null> {
    const found = await new FileRepository(this.ds.manager, this.limits).read(a.fileId);
    return found?.content ?? null;
  }
}
