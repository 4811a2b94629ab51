import { z } from 'zod';
import { NotFoundError, UserInputError } from '@motcua/domain';
import {
  StagedAttachmentGoneError,
  type AttachmentSource,
  type AuditStore,
  type DossierAttachment,
  type DossierAttachmentStore,
  type DossierHistoryEntry,
  type DossierLifeStore,
} from '@motcua/db/portal';
import type { FieldError } from '@motcua/forms';
import type { CatalogueEntry } from '../catalogue/catalogue.js';
import { SubmissionInvalidError } from '../dossiers/dossier-service.js';
import { pendingRequest, type RequestedDocument } from './document-requests.js';
import { slotField } from './document-scopes.js';
import { procedureDocuments, type DocumentSlot } from './document-slots.js';
import { checkUpload, formatBytesVi, type UploadLimits } from './upload-check.js';

export interface DocumentServiceOptions extends UploadLimits {
  /** How long a staged upload waits for its application or supplement. */
  stagingMs: number;
}

export interface DocumentServiceDeps {
  attachments: DossierAttachmentStore;
  life: DossierLifeStore;
  audit: AuditStore;
  options: DocumentServiceOptions;
  clock?: () => Date;
}

export interface UploadedFile {
  buffer: Buffer;
  originalName: string | null;
}

/** What the browser sends with an application or a supplement: slot index → staged upload ids. */
const selectionSchema = z.record(z.string().regex(/^\d{1,3}$/), z.array(z.uuid()).max(20)).default({});

export type { RequestedDocument } from './document-requests.js';

/** What to attach when a dossier is created or supplemented (checked by `prepare`). */
export interface PreparedDocuments {
  ids: string[];
  ownerId: string;
  scope: string;
  source: AttachmentSource;
}

/** Kinds of history entries the documents write. */
export const DOCUMENT_HISTORY_KINDS = {
  uploaded: 'document-uploaded',
  replaced: 'document-replaced',
  requested: 'documents-requested',
} as const;

/**
 * The documents of dossiers (thành phần hồ sơ): uploads checked by their bytes and staged per
 * user and purpose, bound to the dossier when the application or the supplement is sent, each
 * bound file (and each replacement) written to the dossier's history, every decision audited.
 */
export class DocumentService {
  private readonly clock: () => Date;

  constructor(private readonly deps: DocumentServiceDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  get limits(): UploadLimits {
    return this.deps.options;
  }

  slots(entry: CatalogueEntry): DocumentSlot[] {
    return procedureDocuments(entry).slots;
  }

  /** The owner's staged uploads of the scope (shown again when the page is reloaded). */
  staged(ownerId: string, scope: string): Promise<DossierAttachment[]> {
    return this.deps.attachments.listStaged(ownerId, scope, this.clock());
  }

  /**
   * Checks one uploaded file (bytes, size, the dossier's total) and stages it. Refused → a
   * SubmissionInvalidError naming the slot with the reason in Vietnamese, audited; nothing stored.
   * `otherBytes`: what the dossier's files outside this scope weigh (kept files of a supplement).
   */
  async stage(o: {
    entry: CatalogueEntry;
    slot: number;
    allowedSlots?: number[];
    ownerId: string;
    scope: string;
    source: AttachmentSource;
    file: UploadedFile | null;
    otherBytes?: number;
    ip: string | null;
  }): Promise<DossierAttachment> {
    const { attachments, audit } = this.deps;
    const now = this.clock();
    await attachments.purgeExpired(now).catch(() => 0);
    const slot = this.slots(o.entry).find((s) => s.index === o.slot);
    if (!slot || (o.allowedSlots && !o.allowedSlots.includes(o.slot)))
      throw new UserInputError('Thành phần hồ sơ không hợp lệ.');
    const refuse = async (messageVi: string, detail: Record<string, unknown>): Promise<never> => {
      await audit.append({
        actor: o.ownerId,
        action: 'document.upload-rejected',
        target: o.scope,
        detail: { slot: o.slot, ...detail },
        ip: o.ip,
      });
      throw new SubmissionInvalidError(
        [{ field: slotField(o.slot), label: slot.nameVi, message: messageVi }],
        messageVi,
      );
    };
    if (!o.file) return refuse('Chưa chọn tệp để tải lên.', { reason: 'no-file' });
    const already = (await this.staged(o.ownerId, o.scope)).reduce((n, a) => n + a.size, 0);
    const check = await checkUpload(o.file.buffer, slot.kinds, this.limits, already + (o.otherBytes ?? 0));
    if (!check.ok)
      return refuse(check.messageVi, {
        reason: check.reason,
        size: o.file.buffer.length,
        ...(check.detected ? { detected: check.detected } : {}),
      });
    const staged = await attachments.stage({
      ownerId: o.ownerId,
      scope: o.scope,
      slot: o.slot,
      documentName: slot.nameVi,
      source: o.source,
      content: o.file.buffer,
      mediaType: check.mediaType,
      originalName: o.file.originalName,
      expiresAt: new Date(now.getTime() + this.deps.options.stagingMs),
    });
    await audit.append({
      actor: o.ownerId,
      action: 'document.upload',
      target: o.scope,
      detail: {
        attachmentId: staged.id,
        slot: o.slot,
        size: staged.size,
        mediaType: staged.mediaType,
        sha256: staged.sha256,
      },
      ip: o.ip,
    });
    return staged;
  }

  /** Deletes one of the user's staged uploads (before sending). */
  async discard(ownerId: string, id: string, ip: string | null): Promise<void> {
    const gone = await this.deps.attachments.discardStaged(id, ownerId);
    if (!gone) throw new NotFoundError('No such staged upload');
    await this.deps.audit.append({
      actor: ownerId,
      action: 'document.discard',
      target: gone.scope,
      detail: { attachmentId: id, slot: gone.slot },
      ip,
    });
  }

  /**
   * Checks what the browser sends with an application or a supplement against the staged
   * uploads: each id a live staged upload of the owner in that slot; `required` slots (the
   * mandatory documents, or those the desk asked for) with at least one file; the total within
   * the dossier's limit. Returns the field errors (empty when all is well) and what to bind.
   */
  async prepare(o: {
    entry: CatalogueEntry;
    selection: unknown;
    ownerId: string;
    scope: string;
    source: AttachmentSource;
    required: number[];
    otherBytes?: number;
  }): Promise<{ errors: FieldError[]; missing: string[]; prepared: PreparedDocuments }> {
    const slots = this.slots(o.entry);
    const parsed = selectionSchema.safeParse(o.selection ?? {});
    const selection = parsed.success ? parsed.data : {};
    const staged = new Map((await this.staged(o.ownerId, o.scope)).map((a) => [a.id, a]));
    const errors: FieldError[] = [];
    const missing: string[] = [];
    const ids: string[] = [];
    let total = o.otherBytes ?? 0;
    for (const slot of slots) {
      const chosen = selection[String(slot.index)] ?? [];
      const live = chosen.filter((id) => staged.get(id)?.slot === slot.index);
      if (live.length < chosen.length)
        errors.push({
          field: slotField(slot.index),
          label: slot.nameVi,
          message: 'Tệp đã tải lên không còn được lưu tạm (quá hạn hoặc đã xoá). Vui lòng tải lên lại.',
        });
      if (!live.length && o.required.includes(slot.index)) {
        missing.push(slot.nameVi);
        errors.push({
          field: slotField(slot.index),
          label: slot.nameVi,
          message: 'Chưa tải lên tệp nào cho thành phần hồ sơ bắt buộc này.',
        });
      }
      for (const id of live) total += staged.get(id)!.size;
      ids.push(...live);
    }
    if (total > this.limits.maxDossierBytes)
      errors.push({
        field: 'tai-lieu',
        label: 'Thành phần hồ sơ',
        message: `Tổng dung lượng các tệp (${formatBytesVi(total)}) vượt quá ${formatBytesVi(this.limits.maxDossierBytes)}.`,
      });
    return { errors, missing, prepared: { ids, ownerId: o.ownerId, scope: o.scope, source: o.source } };
  }

  /** The mandatory slots of the procedure (those the catalogue marks required). */
  mandatorySlots(entry: CatalogueEntry): number[] {
    return this.slots(entry)
      .filter((s) => s.mandatory === true)
      .map((s) => s.index);
  }

  /**
   * Binds the prepared uploads to the dossier (a supplement replaces the slot's current files),
   * then writes one history entry per file and an audit entry. A staged upload that vanished in
   * between → UserInputError, nothing bound.
   */
  async attach(
    dossier: { id: string; processInstanceId: string | null },
    p: PreparedDocuments,
    o: { actor: string; ip: string | null },
  ): Promise<DossierAttachment[]> {
    const { attachments, life, audit } = this.deps;
    if (!p.ids.length) return [];
    const at = this.clock();
    let result;
    try {
      result = await attachments.bind(dossier.id, p.ids, {
        ownerId: p.ownerId,
        scope: p.scope,
        replace: p.source === 'supplement',
        at,
      });
    } catch (err) {
      if (err instanceof StagedAttachmentGoneError)
        throw new UserInputError('Một số tệp đã tải lên không còn được lưu tạm. Vui lòng tải lên lại.');
      throw err;
    }
    for (const a of result.bound) {
      const old = result.replaced.filter((r) => r.replacedBy === a.id);
      const file = `${a.originalName ?? 'tệp'} (${formatBytesVi(a.size)})`;
      const who = p.source === 'desk' ? 'Bộ phận một cửa đính kèm bản quét' : 'Tổ chức, cá nhân nộp';
      const textVi = old.length
        ? `${who} thay thế thành phần hồ sơ “${a.documentName}”: tệp mới ${file}; tệp cũ ${old.map((r) => r.originalName ?? 'tệp').join(', ')} được lưu lại, đánh dấu đã thay thế.`
        : `${who} thành phần hồ sơ “${a.documentName}”: ${file}.`;
      await life.appendHistory({
        eventKey: `document:${a.id}`,
        dossierId: dossier.id,
        processInstanceId: dossier.processInstanceId,
        statusCode: null,
        kind: old.length ? DOCUMENT_HISTORY_KINDS.replaced : DOCUMENT_HISTORY_KINDS.uploaded,
        textVi,
        actor: o.actor,
        detail: {
          attachmentId: a.id,
          slot: a.slot,
          sha256: a.sha256,
          size: a.size,
          mediaType: a.mediaType,
          ...(old.length ? { replaced: old.map((r) => r.id) } : {}),
        },
        at,
      });
    }
    await audit.append({
      actor: o.actor,
      action: 'document.attach',
      target: dossier.id,
      detail: {
        source: p.source,
        attachments: result.bound.map((a) => ({ id: a.id, slot: a.slot, sha256: a.sha256 })),
        replaced: result.replaced.map((r) => r.id),
      },
      ip: o.ip,
    });
    return result.bound;
  }

  /** The dossier's history (what the desk asked for is read from it). */
  history(dossierId: string): Promise<DossierHistoryEntry[]> {
    return this.deps.life.listHistory(dossierId);
  }

  /** The dossier's files (current and replaced), oldest first. */
  forDossier(dossierId: string): Promise<DossierAttachment[]> {
    return this.deps.attachments.listForDossier(dossierId);
  }

  /** One file of the dossier with its bytes; NotFoundError when it is not the dossier's. */
  async file(
    dossierId: string,
    attachmentId: string,
    o: { includeReplaced: boolean },
  ): Promise<{ attachment: DossierAttachment; content: Buffer }> {
    const a = z.uuid().safeParse(attachmentId).success
      ? await this.deps.attachments.find(attachmentId)
      : null;
    if (
      !a ||
      a.dossierId !== dossierId ||
      a.state === 'staged' ||
      (a.state === 'replaced' && !o.includeReplaced)
    )
      throw new NotFoundError('No such document');
    const content = await this.deps.attachments.content(a);
    if (!content) throw new NotFoundError('Document bytes missing');
    return { attachment: a, content };
  }

  /**
   * Reads the desk's choice on the completeness check's page (plain fields sent as `meta`:
   * `doc-<i>` checked, `reason-<i>` the reason). A checked document without a reason → 400.
   */
  parseRequest(entry: CatalogueEntry, meta: Record<string, unknown> | undefined): RequestedDocument[] {
    if (!meta) return [];
    const out: RequestedDocument[] = [];
    const errors: FieldError[] = [];
    for (const slot of this.slots(entry)) {
      if (!meta[`doc-${slot.index}`]) continue;
      const raw = meta[`reason-${slot.index}`];
      const reason = typeof raw === 'string' ? raw.trim().slice(0, 500) : '';
      if (reason.length < 3)
        errors.push({
          field: `reason-${slot.index}`,
          label: slot.nameVi,
          message: 'Vui lòng nêu lý do cần bổ sung hoặc thay thế thành phần này.',
        });
      else out.push({ slot: slot.index, nameVi: slot.nameVi, reason });
    }
    if (errors.length) throw new SubmissionInvalidError(errors);
    return out;
  }

  /** Records what the desk asked for (history, read back by the applicant's supplement page; audit). */
  async recordRequest(
    dossier: { id: string; processInstanceId: string | null },
    requested: RequestedDocument[],
    o: { actor: string; ip: string | null },
  ): Promise<void> {
    if (!requested.length) return;
    const at = this.clock();
    await this.deps.life.appendHistory({
      eventKey: `documents-requested:${dossier.id}:${at.getTime()}`,
      dossierId: dossier.id,
      processInstanceId: dossier.processInstanceId,
      statusCode: null,
      kind: DOCUMENT_HISTORY_KINDS.requested,
      textVi: `Yêu cầu bổ sung, thay thế thành phần hồ sơ: ${requested.map((r) => `“${r.nameVi}” (${r.reason.replace(/[.\s]+$/, '')})`).join('; ')}.`,
      actor: o.actor,
      detail: { documents: requested },
      at,
    });
    await this.deps.audit.append({
      actor: o.actor,
      action: 'document.request',
      target: dossier.id,
      detail: { documents: requested.map((r) => ({ slot: r.slot, reason: r.reason })) },
      ip: o.ip,
    });
  }

  /** What the open supplement round asks for, from the history (none once it was answered). */
  static pendingRequest(history: DossierHistoryEntry[]): RequestedDocument[] {
    return pendingRequest(history);
  }
}
