import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { StudioDraftEntity, type DraftCheckStatus } from './studio-draft.entity.js';

export type { DraftCheckStatus };

/** A draft as the portal sees it (forms parsed). */
export interface StudioDraft {
  id: string;
  procedureKey: string;
  title: string;
  bpmnXml: string;
  forms: Record<string, unknown>;
  dmnXml: string | null;
  baseDefinitionId: string | null;
  authorId: string;
  authorName: string;
  createdAt: Date;
  updatedAt: Date;
  rev: number;
  checkStatus: DraftCheckStatus;
  checkErrors: number;
  checkWarnings: number;
  deployedDefinitionId: string | null;
}

/** A draft without its content, for lists. */
export type StudioDraftSummary = Omit<StudioDraft, 'bpmnXml' | 'forms' | 'dmnXml'>;

export interface NewStudioDraft {
  procedureKey: string;
  title: string;
  bpmnXml: string;
  forms: Record<string, unknown>;
  dmnXml: string | null;
  baseDefinitionId: string | null;
  author: { id: string; name: string };
  at?: Date;
}

export interface StudioDraftContent {
  title?: string;
  bpmnXml: string;
  forms: Record<string, unknown>;
  dmnXml: string | null;
}

/** A save that started from an older revision than the stored one (another tab saved first). */
export class StaleDraftError extends Error {
  constructor(
    readonly draftId: string,
    readonly currentRev: number,
  ) {
    super(`Draft ${draftId} was saved by someone else (now at revision ${currentRev})`);
    this.name = 'StaleDraftError';
  }
}

function toDraft(e: StudioDraftEntity): StudioDraft {
  return { ...toSummary(e), bpmnXml: e.bpmnXml, forms: JSON.parse(e.formsJson), dmnXml: e.dmnXml };
}

function toSummary(e: StudioDraftEntity): StudioDraftSummary {
  return {
    id: e.id,
    procedureKey: e.procedureKey,
    title: e.title,
    baseDefinitionId: e.baseDefinitionId,
    authorId: e.authorId,
    authorName: e.authorName,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
    rev: e.rev,
    checkStatus: e.checkStatus,
    checkErrors: e.checkErrors,
    checkWarnings: e.checkWarnings,
    deployedDefinitionId: e.deployedDefinitionId,
  };
}

const SUMMARY_COLUMNS = {
  id: true,
  procedureKey: true,
  title: true,
  baseDefinitionId: true,
  authorId: true,
  authorName: true,
  createdAt: true,
  updatedAt: true,
  rev: true,
  checkStatus: true,
  checkErrors: true,
  checkWarnings: true,
  deployedDefinitionId: true,
} as const;

/** The designer studio's drafts, with optimistic concurrency on every change. */
export class StudioDraftStore {
  constructor(private readonly ds: DataSource) {}

  private get repo() {
    return this.ds.getRepository(StudioDraftEntity);
  }

  async create(d: NewStudioDraft): Promise<StudioDraft> {
    const at = d.at ?? new Date();
    const row: StudioDraftEntity = {
      id: randomUUID(),
      procedureKey: d.procedureKey,
      title: d.title,
      bpmnXml: d.bpmnXml,
      formsJson: JSON.stringify(d.forms),
      dmnXml: d.dmnXml,
      baseDefinitionId: d.baseDefinitionId,
      authorId: d.author.id,
      authorName: d.author.name,
      createdAt: at,
      updatedAt: at,
      rev: 1,
      checkStatus: 'unchecked',
      checkErrors: 0,
      checkWarnings: 0,
      deployedDefinitionId: null,
    };
    await this.repo.insert(row);
    return toDraft(row);
  }

  async get(id: string): Promise<StudioDraft | null> {
    const row = await this.repo.findOneBy({ id });
    return row ? toDraft(row) : null;
  }

  /** Every draft (newest first), without content. */
  async list(): Promise<StudioDraftSummary[]> {
    const rows = await this.repo.find({ select: SUMMARY_COLUMNS, order: { updatedAt: 'DESC' } });
    return rows.map(toSummary);
  }

  /**
   * Saves new content when the stored revision is still `expectedRev`; the author becomes the
   * one who saved, and the check status goes back to `unchecked`. Throws StaleDraftError otherwise.
   */
  async save(
    id: string,
    expectedRev: number,
    content: StudioDraftContent,
    by: { id: string; name: string; at?: Date },
  ): Promise<StudioDraft> {
    const result = await this.repo.update(
      { id, rev: expectedRev },
      {
        ...(content.title !== undefined ? { title: content.title } : {}),
        bpmnXml: content.bpmnXml,
        formsJson: JSON.stringify(content.forms),
        dmnXml: content.dmnXml,
        authorId: by.id,
        authorName: by.name,
        updatedAt: by.at ?? new Date(),
        rev: expectedRev + 1,
        checkStatus: 'unchecked',
        checkErrors: 0,
        checkWarnings: 0,
      },
    );
    if (!result.affected) {
      const current = await this.repo.findOne({ where: { id }, select: { id: true, rev: true } });
      throw new StaleDraftError(id, current?.rev ?? 0);
    }
    return (await this.get(id))!;
  }

  /** Records the result of a server-side check of revision `rev` (ignored if the draft moved on). */
  async recordCheck(id: string, rev: number, result: { errors: number; warnings: number }): Promise<void> {
    await this.repo.update(
      { id, rev },
      {
        checkStatus: result.errors > 0 ? 'failed' : 'passed',
        checkErrors: result.errors,
        checkWarnings: result.warnings,
      },
    );
  }

  /** Records the process definition a deploy of this draft created. */
  async recordDeploy(id: string, definitionId: string): Promise<void> {
    await this.repo.update({ id }, { deployedDefinitionId: definitionId });
  }

  async delete(id: string): Promise<void> {
    await this.repo.delete({ id });
  }
}
