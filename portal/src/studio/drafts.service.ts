import { ConflictError, NotFoundError, UserInputError } from '@motcua/domain';
import type { AuditStore, PortalUser, StudioDraft, StudioDraftStore } from '@motcua/db/portal';
import { StaleDraftError } from '@motcua/db/portal';
import { STUDIO_DEPLOYMENT_SOURCE } from '../engine/deploy-catalogue.js';
import { EngineError } from '../engine/engine-client.js';
import {
  guardXml,
  MAX_BPMN_BYTES,
  MAX_DMN_BYTES,
  MAX_FORM_BYTES,
  MAX_FORMS,
  StudioInputError,
} from './file-limits.js';
import type { CheckResult, DeploymentChecker } from './deployment-check.js';
import type { ModelFiles, ProcedureSources } from './procedure-sources.js';
import type { StudioEngine } from './studio-engine.js';

/** Where a new draft starts. */
export type DraftOrigin =
  { kind: 'catalogue' } | { kind: 'template' } | { kind: 'version'; definitionId: string };

export interface DraftContentInput {
  rev: number;
  bpmnXml: string;
  forms: Record<string, unknown>;
  dmnXml: string | null;
}

export interface DeployOutcome {
  deploymentId: string;
  definitionId: string | null;
  version: number | null;
  /** Names of the resources the engine took (only the changed ones). */
  resources: string[];
  check: CheckResult;
}

/** A deploy the check blocked: the draft is kept, the errors are listed. */
export class CheckFailedError extends UserInputError {
  constructor(readonly check: CheckResult) {
    super('Mô hình còn lỗi, chưa thể triển khai. Hãy sửa các lỗi được liệt kê.');
  }
}

/** A deploy the engine refused: the draft is kept; the engine's reason is shown. */
export class DeployRefusedError extends UserInputError {
  constructor(readonly engineMessage: string) {
    super(
      `Máy chủ quy trình từ chối triển khai. Bản nháp vẫn được giữ nguyên, không mất gì. Lý do: ${engineMessage}`,
    );
  }
}

const NOTE_MIN = 5;
const NOTE_MAX = 1000;

export interface DraftsServiceDeps {
  drafts: StudioDraftStore;
  sources: ProcedureSources;
  engine: StudioEngine;
  audit: AuditStore;
  check: DeploymentChecker;
}

/** Drafts of the designer studio: open, save (optimistic), check, deploy. */
export class DraftsService {
  constructor(private readonly d: DraftsServiceDeps) {}

  async get(id: string): Promise<StudioDraft> {
    const draft = await this.d.drafts.get(id);
    if (!draft) throw new NotFoundError('Draft not found');
    return draft;
  }

  /** Opens a procedure's catalogue model, its dossier-life template or a deployed version as a new draft. */
  async open(user: PortalUser, key: string, origin: DraftOrigin): Promise<StudioDraft> {
    const procedure = this.d.sources.get(key);
    if (!procedure) throw new NotFoundError(`Unknown procedure ${key}`);
    let files: ModelFiles;
    let baseDefinitionId: string | null = null;
    let title: string;
    if (origin.kind === 'version') {
      const def = await this.d.engine.definition(origin.definitionId).catch(() => null);
      if (!def || def.key !== key || def.tenantId) throw new NotFoundError('Unknown version');
      files = await this.versionFiles(key, def.id);
      baseDefinitionId = def.id;
      title = `Từ phiên bản ${def.version}`;
    } else if (origin.kind === 'template') {
      files = this.d.sources.template(key);
      title = 'Từ mẫu vòng đời hồ sơ theo luật';
    } else {
      files = this.d.sources.catalogueModel(key);
      title = 'Từ mô hình trong danh mục';
    }
    const draft = await this.d.drafts.create({
      procedureKey: key,
      title,
      bpmnXml: files.bpmnXml,
      forms: files.forms,
      dmnXml: files.dmnXml,
      baseDefinitionId,
      author: { id: user.id, name: user.displayName },
    });
    await this.d.audit.append({
      actor: user.id,
      action: 'studio.draft-opened',
      target: key,
      detail: { draftId: draft.id, origin: origin.kind, baseDefinitionId },
    });
    return draft;
  }

  /**
   * A deployed version's files: its BPMN from the engine, and the forms and fee table in force
   * for it — the catalogue's, overlaid by every deployment of the key up to that version (a
   * deploy with `deploy-changed-only` carries only the files that changed).
   */
  private async versionFiles(key: string, definitionId: string): Promise<ModelFiles> {
    const base = this.d.sources.catalogueModel(key);
    const bpmnXml = await this.d.engine.definitionXml(definitionId);
    const target = await this.d.engine.definition(definitionId);
    const upTo = (await this.d.engine.publishedVersions(key))
      .filter((v) => v.version <= target.version)
      .sort((a, b) => a.version - b.version);
    const forms = { ...base.forms };
    let dmnXml = base.dmnXml;
    for (const v of upTo) {
      for (const r of await this.d.engine.resources(v.deploymentId)) {
        if (!r.name.endsWith('.form') && !r.name.endsWith('.dmn')) continue;
        const text = await this.d.engine.resourceText(v.deploymentId, r.id);
        if (text === null) continue;
        if (r.name.endsWith('.dmn')) dmnXml = text;
        else {
          try {
            const schema = JSON.parse(text) as { id?: string };
            if (schema.id) forms[schema.id] = schema;
          } catch {
            // not a form-js schema: left out of the draft
          }
        }
      }
    }
    return { ...base, bpmnXml, forms, dmnXml };
  }

  /** Validates the shape and size of what the editor sends (never trusts the browser). */
  private validateContent(c: DraftContentInput): void {
    guardXml(c.bpmnXml, 'BPMN', MAX_BPMN_BYTES);
    if (c.dmnXml) guardXml(c.dmnXml, 'DMN', MAX_DMN_BYTES);
    const ids = Object.keys(c.forms);
    if (ids.length > MAX_FORMS) throw new StudioInputError(`Quá nhiều biểu mẫu (tối đa ${MAX_FORMS}).`);
    for (const [id, schema] of Object.entries(c.forms)) {
      if (!/^[A-Za-z0-9_.-]{1,120}$/.test(id))
        throw new StudioInputError(`Mã biểu mẫu không hợp lệ: “${id.slice(0, 60)}”.`);
      if (typeof schema !== 'object' || schema === null || Array.isArray(schema))
        throw new StudioInputError(`Biểu mẫu “${id}” không phải một lược đồ form-js.`);
      if ((schema as { id?: unknown }).id !== id)
        throw new StudioInputError(`Biểu mẫu “${id}” phải giữ mã (id) của nó bằng “${id}”.`);
      if (JSON.stringify(schema).length > MAX_FORM_BYTES)
        throw new StudioInputError(`Biểu mẫu “${id}” quá lớn.`);
    }
  }

  /** Saves when `rev` is still current; a stale revision is a 409 with the current one. */
  async save(user: PortalUser, id: string, content: DraftContentInput): Promise<StudioDraft> {
    await this.get(id);
    this.validateContent(content);
    try {
      return await this.d.drafts.save(id, content.rev, content, { id: user.id, name: user.displayName });
    } catch (err) {
      if (err instanceof StaleDraftError) throw new DraftConflictError(err.currentRev);
      throw err;
    }
  }

  /** Runs the server-side check on the saved draft and records its status. */
  async check(id: string): Promise<CheckResult> {
    const draft = await this.get(id);
    const result = await this.d.check({
      bpmnXml: draft.bpmnXml,
      formIds: Object.keys(draft.forms),
      dmnXml: draft.dmnXml,
    });
    await this.d.drafts.recordCheck(id, draft.rev, {
      errors: result.errors.length,
      warnings: result.warnings.length,
    });
    return result;
  }

  /** The deployment's files, named as the catalogue names them so unchanged ones are filtered. */
  deploymentFiles(draft: StudioDraft) {
    const names = this.d.sources.catalogueModel(draft.procedureKey);
    return [
      { name: names.bpmnFileName, content: draft.bpmnXml, contentType: 'text/xml' },
      ...Object.entries(draft.forms).map(([formId, schema]) => ({
        name: names.formFileNames[formId] ?? `${formId}.form`,
        content: JSON.stringify(schema, null, 2),
        contentType: 'application/json',
      })),
      ...(draft.dmnXml ? [{ name: 'fee.dmn', content: draft.dmnXml, contentType: 'text/xml' }] : []),
    ];
  }

  /**
   * Checks the saved draft (errors block), then deploys BPMN + forms + DMN in one deployment
   * with `deploy-changed-only`. The change note goes into the audit entry; a refusal is audited
   * and reported, and the draft stays as it was.
   */
  async deploy(user: PortalUser, id: string, rawNote: string, ip: string | null): Promise<DeployOutcome> {
    const note = rawNote.trim();
    if (note.length < NOTE_MIN || note.length > NOTE_MAX)
      throw new StudioInputError(
        `Hãy ghi chú thay đổi (từ ${NOTE_MIN} đến ${NOTE_MAX} ký tự) trước khi triển khai.`,
      );
    const draft = await this.get(id);
    const check = await this.check(id);
    if (check.errors.length) {
      await this.d.audit.append({
        actor: user.id,
        action: 'studio.deploy-blocked',
        target: draft.procedureKey,
        detail: { draftId: id, errors: check.errors.length, note },
        ip,
      });
      throw new CheckFailedError(check);
    }
    let result;
    try {
      result = await this.d.engine.deploy({
        name: draft.procedureKey,
        source: STUDIO_DEPLOYMENT_SOURCE,
        files: this.deploymentFiles(draft),
      });
    } catch (err) {
      // Any answer of the engine's is a refusal with its reason: the deployment is one
      // transaction, and Operaton answers a model it cannot parse with 500 ProcessEngineException.
      if (err instanceof EngineError) {
        await this.d.audit.append({
          actor: user.id,
          action: 'studio.deploy-refused',
          target: draft.procedureKey,
          detail: { draftId: id, note, engine: err.message.slice(0, 500) },
          ip,
        });
        throw new DeployRefusedError(err.message.replace(/^POST \/deployment\/create → \d+ /, ''));
      }
      throw err;
    }
    const def = Object.values(result.deployedProcessDefinitions ?? {}).find(
      (d) => d.key === draft.procedureKey,
    );
    const resources = await this.d.engine
      .resources(result.id)
      .then((rs) => rs.map((r) => r.name))
      .catch(() => []);
    if (def) await this.d.drafts.recordDeploy(id, def.id);
    await this.d.audit.append({
      actor: user.id,
      action: 'studio.deploy',
      target: draft.procedureKey,
      detail: {
        draftId: id,
        note,
        deploymentId: result.id,
        definitionId: def?.id ?? null,
        version: def?.version ?? null,
        resources,
      },
      ip,
    });
    return {
      deploymentId: result.id,
      definitionId: def?.id ?? null,
      version: def?.version ?? null,
      resources,
      check,
    };
  }
}

/** Two tabs: the draft moved on since this one loaded it. */
export class DraftConflictError extends ConflictError {
  constructor(readonly currentRev: number) {
    super(
      'Bản nháp đã được lưu ở nơi khác (một thẻ hoặc người khác) sau khi bạn mở. Thay đổi của bạn chưa được lưu; hãy tải lại bản nháp.',
    );
  }
}
