import { randomUUID } from 'node:crypto';
import {
  NotFoundError,
  OperationalError,
  UserInputError,
  parseDossierCode,
  vietnamDayStamp,
  type Logger,
} from '@motcua/domain';
import type { Dossier, DossierStore, AuditStore } from '@motcua/db/portal';
import { validateSubmission, type FieldError, type FormSchema } from '@motcua/forms';
import type { CatalogueEntry } from '../catalogue/catalogue.js';
import type { DeployedForms, DeployedStartForm } from '../deployed-forms/deployed-forms.js';
import type { DocumentService } from '../documents/document.service.js';
import { EngineError, type EngineClient } from '../engine/engine-client.js';
import { fromTypedValue, toTypedVariables } from '../engine/typed-variables.js';
import { scopes } from '../documents/document-scopes.js';
import { CHANNEL_ONLINE } from './channel.js';
import { deriveDossierProgress, type DossierProgress } from './dossier-status.js';

/** A dossier received at the desk (channel 1 in person, 3 public post) by an officer. */
export interface DeskReceipt {
  channel: 1 | 3;
  /** The receiving officer's portal user id (process variable `receivedBy`). */
  receivedBy: string;
}

export class SubmissionInvalidError extends UserInputError {
  constructor(
    readonly fieldErrors: FieldError[],
    message = 'Hồ sơ chưa hợp lệ. Vui lòng kiểm tra các trường được nêu.',
  ) {
    super(message, fieldErrors);
  }
}

/** The message when required documents are missing: it names them. */
export function missingDocumentsMessage(names: string[]): string {
  return `Hồ sơ chưa được nộp: còn thiếu thành phần hồ sơ bắt buộc: ${names.map((n) => `“${n}”`).join('; ')}. Vui lòng tải lên rồi nộp lại.`;
}

/** The engine could not start the process: nothing was submitted. */
export class SubmissionNotStartedError extends OperationalError {}

export interface SubmitResult {
  dossier: Dossier;
  progress: DossierProgress | null;
}

export interface DossierServiceDeps {
  dossiers: DossierStore;
  audit: AuditStore;
  engine: EngineClient;
  /** The application form deployed with the procedure's latest version (what is validated). */
  forms: DeployedForms;
  logger: Logger;
  /** How long a submission waits for the receipt worker to assign the dossier code. Default 5 s. */
  waitForCodeMs?: number;
  /** The dossiers' uploaded documents; without it no document is asked for or bound. */
  documents?: DocumentService;
}

/** The uploads sent with an application: slot → staged upload ids (see DocumentService.prepare). */
export interface SubmittedDocuments {
  selection: unknown;
  /** Online: the mandatory documents must be there. At the desk the paper dossier is checked by the officer. */
  requireMandatory: boolean;
}

export class DossierService {
  constructor(private readonly deps: DossierServiceDeps) {}

  /**
   * The application form of the procedure's latest deployed version, as the engine serves it. The
   * engine unreachable → audit `dossier.start-failed` and SubmissionNotStartedError (nothing stored);
   * not deployed, or no form → NotFoundError.
   */
  async startFormFor(
    entry: CatalogueEntry,
    audit?: { actor: string; ip: string | null; channel: number },
  ): Promise<DeployedStartForm> {
    let deployed: DeployedStartForm | null;
    try {
      deployed = await this.deps.forms.latestStartForm(entry.key);
    } catch (err) {
      const engineDown = err instanceof OperationalError || (err instanceof EngineError && err.status >= 500);
      if (!engineDown) throw err;
      if (audit)
        await this.deps.audit.append({
          actor: audit.actor,
          action: 'dossier.start-failed',
          target: entry.key,
          detail: {
            procedure: entry.key,
            stage: 'start-form',
            channel: audit.channel,
            error: String(err).slice(0, 300),
          },
          ip: audit.ip,
        });
      throw new SubmissionNotStartedError('The engine did not answer with the start form', { cause: err });
    }
    if (!deployed) throw new NotFoundError(`Procedure ${entry.key} has no deployed start form`);
    return deployed;
  }

  /**
   * Validates the application against the start form deployed with the procedure's latest version,
   * records the dossier, starts exactly that version (business key = dossier id; a version deployed
   * in between cannot mismatch the form) and waits briefly for the receipt step's dossier code.
   * Invalid data → SubmissionInvalidError, nothing stored or started. Engine failure → the row is
   * marked `start-failed` and SubmissionNotStartedError is thrown. `desk`: received at the desk by
   * an officer (who is then the audit actor) instead of submitted online by the applicant.
   */
  async submit(
    entry: CatalogueEntry,
    applicantId: string,
    data: unknown,
    ip: string | null,
    desk?: DeskReceipt,
    documents?: SubmittedDocuments,
  ): Promise<SubmitResult> {
    const { dossiers, audit, engine, logger } = this.deps;
    const actor = desk?.receivedBy ?? applicantId;
    const channel = desk?.channel ?? CHANNEL_ONLINE;
    const { definitionId, definitionVersion, schema } = await this.startFormFor(entry, {
      actor,
      ip,
      channel,
    });
    const result = validateSubmission(schema, data);
    // The documents are checked with the form, so one answer lists every problem.
    const docs = this.deps.documents
      ? await this.deps.documents.prepare({
          entry,
          selection: documents?.selection,
          ownerId: actor,
          scope: desk ? scopes.desk(entry.key) : scopes.apply(entry.key),
          source: desk ? 'desk' : 'applicant',
          required: documents?.requireMandatory === false ? [] : this.deps.documents.mandatorySlots(entry),
        })
      : null;
    const docErrors = docs?.errors ?? [];
    if (!result.valid || docErrors.length) {
      const formErrors = result.valid ? [] : result.errors;
      await audit.append({
        actor,
        action: 'dossier.submit-rejected',
        target: entry.key,
        detail: {
          fields: [...formErrors, ...docErrors].map((e) => e.field),
          channel,
          definitionVersion,
          ...(docs?.missing.length ? { missingDocuments: docs.missing } : {}),
        },
        ip,
      });
      throw new SubmissionInvalidError(
        [...formErrors, ...docErrors],
        docs?.missing.length ? missingDocumentsMessage(docs.missing) : undefined,
      );
    }

    const id = randomUUID();
    const submittedAt = new Date();
    await dossiers.insertStarting({
      id,
      procedureKey: entry.key,
      procedureCode: entry.code,
      applicantId,
      channel,
      submittedAt,
      submittedData: result.values,
    });
    if (docs?.prepared.ids.length) {
      try {
        await this.deps.documents!.attach({ id, processInstanceId: null }, docs.prepared, { actor, ip });
      } catch (err) {
        // Nothing is started without its documents.
        await dossiers.markStartFailed(id);
        throw err;
      }
    }
    const variables = {
      ...toTypedVariables(result.values),
      ...toTypedVariables({ dossierId: id, applicantId, procedureCode: entry.code }),
      channel: { value: channel, type: 'Integer' },
      ...(desk ? toTypedVariables({ receivedBy: desk.receivedBy }) : {}),
    };
    let processInstanceId: string;
    try {
      processInstanceId = (await engine.startById(definitionId, id, variables)).id;
    } catch (err) {
      // The call may have failed after the engine committed (timeout): ask it by business key.
      const found = await engine.processInstances({ businessKey: id }).catch(() => []);
      if (!found[0]) {
        await dossiers.markStartFailed(id);
        await audit.append({
          actor,
          action: 'dossier.start-failed',
          target: id,
          detail: { procedure: entry.key, definitionId, error: String(err).slice(0, 300) },
          ip,
        });
        logger.error(
          { err, processDefinitionKey: entry.key, dossierId: id },
          'engine did not start the dossier process',
        );
        throw new SubmissionNotStartedError('The engine did not start the process', { cause: err });
      }
      processInstanceId = found[0].id;
    }
    await dossiers.markStarted(id, processInstanceId, 1);
    await audit.append({
      actor,
      action: 'dossier.submit',
      target: id,
      detail: { procedure: entry.key, processInstanceId, channel, definitionId },
      ip,
    });
    logger.info({ processInstanceId, processDefinitionKey: entry.key, dossierId: id }, 'dossier submitted');

    const progress = await this.waitForCode(id, processInstanceId);
    return { dossier: (await dossiers.findById(id))!, progress };
  }

  /**
   * The application form a dossier was submitted with (its instance's version), for the labels of
   * its submitted data. When the engine cannot say, the catalogue file of the procedure stands in:
   * this only names the fields on a page, it validates nothing.
   */
  async applicationFormOf(
    dossier: Pick<Dossier, 'processInstanceId'>,
    entry: CatalogueEntry | undefined,
  ): Promise<FormSchema | undefined> {
    if (dossier.processInstanceId) {
      const deployed = await this.deps.forms.startFormOfInstance(dossier.processInstanceId).catch(() => null);
      if (deployed) return deployed;
    }
    return entry?.forms[entry.startFormId];
  }

  private async waitForCode(id: string, processInstanceId: string): Promise<DossierProgress | null> {
    const deadline = Date.now() + (this.deps.waitForCodeMs ?? 5000);
    let progress: DossierProgress | null = null;
    while (Date.now() < deadline) {
      progress = await this.progressOf({ id, processInstanceId }).catch(() => null);
      if (progress?.dossierCode) return progress;
      await new Promise((r) => setTimeout(r, 200));
    }
    return progress;
  }

  /** Reads the dossier's state from the engine, caches code and status, and returns it. */
  async progressOf(d: Pick<Dossier, 'id' | 'processInstanceId'>): Promise<DossierProgress | null> {
    if (!d.processInstanceId) return null;
    const { engine, dossiers } = this.deps;
    const [activities, typed] = await Promise.all([
      engine.activityHistory(d.processInstanceId),
      engine.variableHistory(d.processInstanceId),
    ]);
    const variables: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(typed)) variables[k] = fromTypedValue(v);
    const progress = deriveDossierProgress({ activities, variables });
    await dossiers.recordProgress(d.id, {
      dossierCode: progress.dossierCode,
      statusCode: progress.statusCode,
      // Cached for the officers' list (near due / overdue) and the status colour of the lists.
      dueDate: progress.dueDate,
      outcome: progress.outcome,
    });
    return progress;
  }

  /**
   * Finds a dossier by its code. The code is assigned inside the engine, so a well-formed code the
   * portal has not cached yet is looked for among the started dossiers without one that were
   * submitted by the code's receipt day (at most 10 engine look-ups: this serves the public lookup).
   */
  async findByCode(code: string): Promise<Dossier | null> {
    const { dossiers } = this.deps;
    const parsed = parseDossierCode(code);
    if (!parsed) return null;
    const known = await dossiers.findByCode(code);
    if (known) return known;
    const candidates = (await dossiers.listWithoutCode(50))
      .filter((d) => vietnamDayStamp(d.submittedAt) <= parsed.day)
      .slice(0, 10);
    for (const d of candidates) {
      const p = await this.progressOf(d).catch(() => null);
      if (p?.dossierCode === code) return dossiers.findById(d.id);
    }
    return null;
  }
}
