import type { Catalogue } from '../catalogue/catalogue.js';
import type { DefinitionStatistics, OperationsEngine } from './operations-engine.js';
import type { ProcessModels } from './process-models.js';

export interface VersionRow {
  definitionId: string;
  version: number;
  instances: number;
  incidents: number;
  suspended: boolean;
}

/** One procedure (process key) with its deployed versions that have running instances or not. */
export interface ProcedureInstances {
  key: string;
  nameVi: string;
  /** The national procedure code, when the catalogue has the procedure. */
  code: string | null;
  instances: number;
  incidents: number;
  versions: VersionRow[];
}

/** Where the instances of one version wait: per activity, its name and counts. */
export interface ActivityCount {
  activityId: string;
  name: string;
  instances: number;
  incidents: number;
}

export interface VersionInstances {
  definitionId: string;
  key: string;
  nameVi: string;
  version: number;
  instances: number;
  activities: ActivityCount[];
}

const incidentsOf = (s: { incidents: Array<{ incidentCount: number }> }) =>
  s.incidents.reduce((n, i) => n + i.incidentCount, 0);

/**
 * Running process instances per procedure and version, and where they wait, from the engine's
 * statistics endpoints (`GET /process-definition/statistics`, `…/{id}/statistics`).
 */
export class RunningInstancesService {
  constructor(
    private readonly d: { engine: OperationsEngine; models: ProcessModels; catalogue: Catalogue },
  ) {}

  /** Every deployed procedure, those with running instances first, then by name. */
  async procedures(): Promise<ProcedureInstances[]> {
    const stats = await this.d.engine.definitionStatistics();
    const byKey = new Map<string, DefinitionStatistics[]>();
    for (const s of stats) byKey.set(s.definition.key, [...(byKey.get(s.definition.key) ?? []), s]);
    const out = [...byKey].map(([key, rows]): ProcedureInstances => {
      const entry = this.d.catalogue.get(key);
      const versions = rows
        .map((r) => ({
          definitionId: r.id,
          version: r.definition.version,
          instances: r.instances,
          incidents: incidentsOf(r),
          suspended: r.definition.suspended,
        }))
        .sort((a, b) => b.version - a.version);
      return {
        key,
        nameVi: entry?.nameVi ?? rows[0]!.definition.name ?? key,
        code: entry?.code ?? null,
        instances: versions.reduce((n, v) => n + v.instances, 0),
        incidents: versions.reduce((n, v) => n + v.incidents, 0),
        versions,
      };
    });
    return out.sort(
      (a, b) => Number(b.instances > 0) - Number(a.instances > 0) || a.nameVi.localeCompare(b.nameVi, 'vi'),
    );
  }

  /** One version: where its running instances wait (activities with none are left out). */
  async version(definitionId: string): Promise<VersionInstances> {
    const [definition, stats, perDefinition] = await Promise.all([
      this.d.engine.definition(definitionId),
      this.d.engine.activityStatistics(definitionId),
      this.d.engine.definitionStatistics(),
    ]);
    const model = await this.d.models.of(definitionId);
    const activities = stats
      .map((s) => ({
        activityId: s.id,
        name: model.names.get(s.id) ?? s.id,
        instances: s.instances,
        incidents: incidentsOf(s),
      }))
      .sort((a, b) => b.instances - a.instances || a.name.localeCompare(b.name, 'vi'));
    return {
      definitionId,
      key: definition.key,
      nameVi: this.d.catalogue.get(definition.key)?.nameVi ?? definition.name ?? definition.key,
      version: definition.version,
      // Per instance, not per activity: one instance may wait in two parallel steps.
      instances: perDefinition.find((s) => s.id === definitionId)?.instances ?? 0,
      activities,
    };
  }

  /** The diagram's data for the browser: the version's XML and the counts per activity. */
  async diagram(definitionId: string): Promise<{ xml: string; counts: ActivityCount[] }> {
    const [v, model] = await Promise.all([this.version(definitionId), this.d.models.of(definitionId)]);
    return { xml: model.xml, counts: v.activities };
  }
}
