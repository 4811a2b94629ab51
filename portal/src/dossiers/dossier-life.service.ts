import { ConflictError, UserInputError, type Logger } from '@motcua/domain';
import type { AuditStore, Dossier, DossierLifeStore, DossierStore } from '@motcua/db/portal';
import { validateSubmission, type FormSchema } from '@motcua/forms';
import type { Catalogue, CatalogueEntry } from '../catalogue/catalogue.js';
import type { DeployedForms } from '../deployed-forms/deployed-forms.js';
import { EngineError, type EngineClient } from '../engine/engine-client.js';
import { toTypedVariables } from '../engine/typed-variables.js';
import { scopes } from '../documents/document-scopes.js';
import { DocumentService } from '../documents/document.service.js';
import { missingDocumentsMessage, SubmissionInvalidError, type DossierService } from './dossier-service.js';
import type { DossierProgress } from './dossier-status.js';

/** Messages of the generated dossier life (docs/skeleton-contract.md; `@motcua/processes` exports them). */
export const SUPPLEMENT_MESSAGE = 'DossierSupplemented';
export const WITHDRAW_MESSAGE = 'DossierWithdrawn';

/** Keys of the supplement form that are about the round, not part of the application's data. */
const ROUND_ONLY_KEYS = new Set(['supplementNote']);

export interface DossierLifeServiceDeps {
  dossiers: DossierStore;
  audit: AuditStore;
  life: DossierLifeStore;
  engine: EngineClient;
  catalogue: Catalogue;
  /** The supplement form deployed with the dossier's own process version. */
  forms: DeployedForms;
  progress: DossierService;
  logger: Logger;
  clock?: () => Date;
  /** The dossiers' documents: a supplement round uploads the documents the desk asked for. */
  documents?: DocumentService;
}

/** The engine answers 400/404 when no process instance of the business key waits for the message. */
function nothingWaits(err: unknown): boolean {
  return err instanceof EngineError && (err.status === 400 || err.status === 404);
}

/**
 * What an applicant does to a running dossier: answer a supplement request (form 02) and withdraw
 * it. Both are message correlations by business key (= dossier id) to the waiting process; each
 * decision gets an audit entry and a dossier history entry. The caller checked ownership.
 */
export class DossierLifeService {
  private readonly clock: () => Date;

  constructor(private readonly deps: DossierLifeServiceDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /** Whether the procedure's process can be withdrawn online (it waits for `DossierWithdrawn`). */
  acceptsWithdrawal(entry: CatalogueEntry | undefined): boolean {
    return !!entry && entry.bpmnXml.includes(`name="${WITHDRAW_MESSAGE}"`);
  }

  /**
   * Why the dossier cannot be withdrawn now, or null when it can: the law allows a withdrawal while
   * the dossier is being processed, not once the competent person has decided (the result or the
   * refusal is then issued) nor after it ended. The dossier page hides the button on the same rule.
   */
  withdrawalRefusal(
    dossier: Dossier,
    progress: DossierProgress | null,
    entry: CatalogueEntry | undefined,
  ): string | null {
    if (dossier.engineState !== 'started' || !dossier.processInstanceId || !progress)
      return 'Không rút được hồ sơ: hồ sơ chưa được gửi tới cơ quan giải quyết.';
    if (!this.acceptsWithdrawal(entry))
      return 'Không rút được hồ sơ: thủ tục này không cho rút hồ sơ trực tuyến.';
    if (progress.ended) return 'Không rút được hồ sơ: hồ sơ đã kết thúc.';
    if (progress.decided)
      return 'Không rút được hồ sơ: cơ quan giải quyết đã có quyết định về hồ sơ này (chỉ được rút khi hồ sơ đang được giải quyết, trước khi có quyết định).';
    return null;
  }

  /**
   * The form the applicant supplements with, as deployed with the dossier's own process version:
   * its `<key>-supplement` form, else its application form. Undefined when the engine has neither.
   */
  async supplementForm(dossier: Dossier, entry: CatalogueEntry): Promise<FormSchema | undefined> {
    if (!dossier.processInstanceId) return undefined;
    const { forms, engine } = this.deps;
    const instance = await engine.historicProcessInstance(dossier.processInstanceId);
    const definitionId = instance.processDefinitionId;
    return (
      (await forms.deploymentForm(definitionId, `${entry.key}-supplement`)) ??
      (await forms.startFormOf(definitionId)) ??
      undefined
    );
  }

  /**
   * Validates the supplemented data against the supplement form; invalid → SubmissionInvalidError
   * (Vietnamese per-field messages) and nothing is changed, so what was saved before stays. Valid →
   * the message goes to the process first (when nothing waits, the applicant is told and nothing
   * is stored), then the dossier's data is replaced by the merged data.
   */
  async supplement(
    dossier: Dossier,
    userId: string,
    data: unknown,
    ip: string | null,
    documents?: { selection: unknown },
  ): Promise<void> {
    const { dossiers, audit, life, engine, catalogue } = this.deps;
    const entry = catalogue.get(dossier.procedureKey);
    const schema = entry && (await this.supplementForm(dossier, entry));
    if (!entry || !schema) throw new ConflictError('Thủ tục này không nhận bổ sung hồ sơ trực tuyến.');
    const progress = await this.deps.progress.progressOf(dossier);
    if (!progress?.awaitingSupplement) throw new ConflictError('Hồ sơ hiện không ở trạng thái chờ bổ sung.');
    const result = validateSubmission(schema, data);
    // The documents the desk asked for must come with the answer (each replaces the slot's files).
    const docs = this.deps.documents
      ? await this.requestedDocuments(this.deps.documents, entry, dossier, userId, documents?.selection)
      : null;
    const docErrors = docs?.errors ?? [];
    if (!result.valid || docErrors.length) {
      const formErrors = result.valid ? [] : result.errors;
      await audit.append({
        actor: userId,
        action: 'dossier.supplement-rejected',
        target: dossier.id,
        detail: {
          fields: [...formErrors, ...docErrors].map((e) => e.field),
          ...(docs?.missing.length ? { missingDocuments: docs.missing } : {}),
        },
        ip,
      });
      throw new SubmissionInvalidError(
        [...formErrors, ...docErrors],
        docs?.missing.length ? missingDocumentsMessage(docs.missing) : undefined,
      );
    }
    // Empty optional fields leave the saved values as they were.
    const changes = Object.fromEntries(
      Object.entries(result.values).filter(([k, v]) => !ROUND_ONLY_KEYS.has(k) && v !== '' && v !== null),
    );
    const merged = { ...dossier.submittedData, ...changes };
    const at = this.clock();
    try {
      // `supplementedAt` ends the paused time: the resume-clock worker counts up to it.
      await engine.correlate(SUPPLEMENT_MESSAGE, dossier.id, {
        ...toTypedVariables(result.values),
        ...toTypedVariables({ supplementedBy: userId, supplementedAt: at }),
      });
    } catch (err) {
      if (nothingWaits(err)) throw new ConflictError('Hồ sơ hiện không ở trạng thái chờ bổ sung.');
      throw err;
    }
    if (docs?.prepared.ids.length)
      await this.deps.documents!.attach(dossier, docs.prepared, { actor: userId, ip });
    if (!(await dossiers.replaceSubmittedData(dossier.id, dossier.rev, merged)))
      this.deps.logger.warn(
        { dossierId: dossier.id },
        'dossier changed during the supplement; data kept as it was',
      );

    await life.appendHistory({
      eventKey: `supplemented:${dossier.id}:${at.getTime()}`,
      dossierId: dossier.id,
      processInstanceId: dossier.processInstanceId,
      statusCode: 1,
      kind: 'supplemented',
      textVi: 'Tổ chức, cá nhân đã bổ sung, hoàn thiện hồ sơ trực tuyến.',
      actor: userId,
      detail: { changedFields: Object.keys(changes) },
      at,
    });
    await audit.append({
      actor: userId,
      action: 'dossier.supplement',
      target: dossier.id,
      detail: { changedFields: Object.keys(changes) },
      ip,
    });
  }

  /** Checks the uploads of a supplement against what the desk asked for in this round. */
  private async requestedDocuments(
    documents: DocumentService,
    entry: CatalogueEntry,
    dossier: Dossier,
    userId: string,
    selection: unknown,
  ) {
    const requested = DocumentService.pendingRequest(await this.deps.life.listHistory(dossier.id)).map(
      (r) => r.slot,
    );
    const kept = (await documents.forDossier(dossier.id)).filter(
      (a) => a.state === 'current' && !requested.includes(a.slot),
    );
    return documents.prepare({
      entry,
      selection,
      ownerId: userId,
      scope: scopes.supplement(dossier.id),
      source: 'supplement',
      required: requested,
      otherBytes: kept.reduce((n, a) => n + a.size, 0),
    });
  }

  /** Withdraws the dossier (message `DossierWithdrawn`) with the applicant's reason. */
  async withdraw(dossier: Dossier, userId: string, reason: string, ip: string | null): Promise<void> {
    const { audit, life, engine } = this.deps;
    const text = reason.trim();
    if (text.length < 5 || text.length > 1000)
      throw new UserInputError('Vui lòng nêu lý do rút hồ sơ (từ 5 đến 1000 ký tự).');
    if (!dossier.processInstanceId) throw new ConflictError('Hồ sơ chưa được gửi tới cơ quan giải quyết.');
    const progress = await this.deps.progress.progressOf(dossier);
    const refusal = this.withdrawalRefusal(dossier, progress, this.deps.catalogue.get(dossier.procedureKey));
    if (refusal) {
      await audit.append({
        actor: userId,
        action: 'dossier.withdraw-refused',
        target: dossier.id,
        detail: { statusCode: progress?.statusCode ?? null, decided: progress?.decided ?? null },
        ip,
      });
      throw new ConflictError(refusal);
    }
    try {
      await engine.correlate(
        WITHDRAW_MESSAGE,
        dossier.id,
        toTypedVariables({ withdrawReason: text, withdrawnBy: userId }),
      );
    } catch (err) {
      if (nothingWaits(err))
        throw new ConflictError(
          'Không rút được hồ sơ: hồ sơ đã kết thúc hoặc thủ tục này không cho rút trực tuyến.',
        );
      throw err;
    }
    await life.appendHistory({
      eventKey: `withdraw-requested:${dossier.id}`,
      dossierId: dossier.id,
      processInstanceId: dossier.processInstanceId,
      statusCode: null,
      kind: 'withdraw-requested',
      textVi: `Tổ chức, cá nhân yêu cầu rút hồ sơ. Lý do: ${text}`,
      actor: userId,
      at: this.clock(),
    });
    await audit.append({
      actor: userId,
      action: 'dossier.withdraw',
      target: dossier.id,
      detail: { reason: text },
      ip,
    });
  }
}
