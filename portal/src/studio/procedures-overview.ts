import type { StudioDraftStore, StudioDraftSummary } from '@motcua/db/portal';
import { matchesFolded } from '@motcua/processes';
import type { ProcedureSources, StudioProcedure } from './procedure-sources.js';
import type { StudioEngine } from './studio-engine.js';

export interface DeployedVersion {
  definitionId: string;
  version: number;
  deploymentTime: string | null;
  deploymentSource: string | null;
  running: number;
  finished: number;
}

export interface ProcedureOverview extends StudioProcedure {
  versions: DeployedVersion[];
  drafts: StudioDraftSummary[];
  /** The engine could not be asked (versions unknown, not "none"). */
  engineError: boolean;
}

/** The procedures page's data: catalogue procedures with their deployed versions and drafts. */
export class ProceduresOverview {
  constructor(
    private readonly sources: ProcedureSources,
    private readonly engine: StudioEngine,
    private readonly drafts: StudioDraftStore,
  ) {}

  /** Procedures whose code, name or key holds every word of `query` (diacritics and case ignored). */
  matching(query: string): StudioProcedure[] {
    return this.sources.procedures.filter((p) =>
      matchesFolded(`${p.code ?? ''} ${p.nameVi} ${p.key}`, query),
    );
  }

  /** Versions of one key with instance counts (count endpoints, never lists). */
  async versions(key: string): Promise<DeployedVersion[]> {
    const defs = await this.engine.publishedVersions(key);
    return Promise.all(
      defs.map(async (d) => {
        const [deployment, running, finished] = await Promise.all([
          this.engine.deployment(d.deploymentId).catch(() => null),
          this.engine.runningCount(d.id),
          this.engine.finishedCount(d.id),
        ]);
        return {
          definitionId: d.id,
          version: d.version,
          deploymentTime: deployment?.deploymentTime ?? null,
          deploymentSource: deployment?.source ?? null,
          running,
          finished,
        };
      }),
    );
  }

  async list(query: string): Promise<ProcedureOverview[]> {
    const procedures = this.matching(query);
    const allDrafts = await this.drafts.list();
    return Promise.all(
      procedures.map(async (p) => {
        let versions: DeployedVersion[] = [];
        let engineError = false;
        try {
          versions = await this.versions(p.key);
        } catch {
          engineError = true;
        }
        return { ...p, versions, drafts: allDrafts.filter((d) => d.procedureKey === p.key), engineError };
      }),
    );
  }
}
