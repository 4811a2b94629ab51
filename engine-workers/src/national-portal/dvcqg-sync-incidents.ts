import {
  DVCQG_NO_INCIDENT,
  DossierStore,
  type DataSource,
  type DvcqgOutboxRow,
  type DvcqgOutboxStore,
} from '@motcua/db';
import type { Logger } from '@motcua/domain';
import {
  EngineIncidentError,
  findOpenIncident,
  raiseIncident,
  resolveIncident,
  type EngineEndpoint,
} from '../runtime/engine-incidents.js';

/** The engine incident type of a dossier whose national-portal sync was given up on. */
export const DVCQG_INCIDENT_TYPE = 'nationalPortalSyncFailed';

/** The incident's configuration: the outbox row it is about (found again by it after a crash). */
export function dvcqgIncidentConfiguration(rowId: number): string {
  return `dvcqg-outbox:${rowId}`;
}

/**
 * A dossier whose sync was given up on becomes an engine incident on its process instance, with the
 * portal's answer; a resend resolves it. Raised once: a worker claims the failed row first (of
 * several, one wins), looks for an open incident of the row at the engine (one raised by a worker
 * that died before recording it) before raising one, and records its id only while the row is
 * still failed — if it was resent meanwhile, the incident just raised is resolved again.
 */
export class DvcqgSyncIncidents {
  private readonly dossiers: DossierStore;

  constructor(
    private readonly o: {
      ds: DataSource;
      outbox: DvcqgOutboxStore;
      engine: EngineEndpoint;
      workerId: string;
      lockMs: number;
      log: Logger;
    },
  ) {
    this.dossiers = new DossierStore(o.ds);
  }

  /** Resolves the incidents of resent rows, then raises those of rows given up on. */
  async reconcile(now: Date): Promise<void> {
    for (const row of await this.o.outbox.incidentsToResolve()) await this.resolve(row);
    const claimed = await this.o.outbox.claimIncidentsToRaise(this.o.workerId, this.o.lockMs, now);
    for (const row of claimed) await this.raise(row);
  }

  private async resolve(row: DvcqgOutboxRow): Promise<void> {
    const incidentId = row.incidentId!;
    try {
      if (incidentId !== DVCQG_NO_INCIDENT) await resolveIncident(this.o.engine, incidentId);
      await this.o.outbox.clearIncident(row.id, incidentId);
      this.o.log.info(
        { dossierId: row.dossierId, incidentId },
        'national portal sync resent: incident resolved',
      );
    } catch (err) {
      this.o.log.warn(
        { dossierId: row.dossierId, incidentId, err: String(err) },
        'could not resolve the incident; retrying',
      );
    }
  }

  private async raise(row: DvcqgOutboxRow): Promise<void> {
    const meta = { dossierId: row.dossierId, outboxId: row.id };
    const processInstanceId =
      row.processInstanceId ?? (await this.dossiers.findById(row.dossierId))?.processInstanceId ?? null;
    const configuration = dvcqgIncidentConfiguration(row.id);
    let incidentId: string;
    try {
      if (!processInstanceId) throw new EngineIncidentError(404, 'the dossier has no process instance');
      incidentId =
        (await findOpenIncident(this.o.engine, {
          processInstanceId,
          incidentType: DVCQG_INCIDENT_TYPE,
          configuration,
        })) ??
        (await raiseIncident(this.o.engine, {
          executionId: processInstanceId,
          incidentType: DVCQG_INCIDENT_TYPE,
          configuration,
          message: `Đồng bộ Cổng DVCQG thất bại sau ${row.attempts} lần thử. Trả lời của Cổng: ${row.lastAnswer ?? '—'}`,
        }));
    } catch (err) {
      if (!(err instanceof EngineIncidentError && err.status === 404)) {
        // The engine is unreachable or refused: the claim expires and the incident is tried again.
        this.o.log.warn({ ...meta, err: String(err) }, 'could not raise the sync incident; retrying');
        return;
      }
      // The process instance has ended: nothing to raise an incident on; the failure stays listed.
      this.o.log.warn(
        { ...meta, processInstanceId: processInstanceId ?? undefined },
        'sync failed on a dossier whose process has ended',
      );
      incidentId = DVCQG_NO_INCIDENT;
    }
    if (await this.o.outbox.recordIncident(row.id, this.o.workerId, incidentId)) {
      this.o.log.error({ ...meta, incidentId }, 'national portal sync failed: incident raised');
      return;
    }
    // Resent meanwhile: take back what was just raised (unless another worker, whose claim
    // followed an expired one of ours, found and recorded this very incident).
    const now = (await this.o.outbox.listForDossier(row.dossierId)).find((r) => r.id === row.id);
    if (incidentId !== DVCQG_NO_INCIDENT && now?.incidentId !== incidentId)
      await resolveIncident(this.o.engine, incidentId).catch((err: unknown) =>
        this.o.log.warn({ ...meta, incidentId, err: String(err) }, 'could not resolve the incident'),
      );
  }
}
