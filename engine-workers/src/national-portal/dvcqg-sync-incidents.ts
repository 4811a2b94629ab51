import { type DataSource } from '@motcua/db';
import {
  DVCQG_NO_INCIDENT,
  DossierStore,
  type DvcqgOutboxRow,
  type DvcqgOutboxStore,
} from '@motcua/db/workers';
import type { Logger } from '@motcua/domain';
import { raiseIncident, resolveIncident, type IncidentEngine } from '../runtime/raise-incident.js';

/** The engine incident type of a dossier whose national-portal sync was given up on. */
export const DVCQG_INCIDENT_TYPE = 'nationalPortalSyncFailed';

/** The incident's configuration: the outbox row it is about (found again by it after a crash). */
export function dvcqgIncidentConfiguration(rowId: number): string {
  return `dvcqg-outbox:${rowId}`;
}

/** The portal's answer as an incident message: bearer tokens and secrets it might echo are masked. */
export function syncIncidentMessage(row: Pick<DvcqgOutboxRow, 'attempts' | 'lastAnswer'>): string {
  const answer = (row.lastAnswer ?? '—')
    .replace(/(bearer\s+)[\w.~+/=-]+/gi, '$1***')
    .replace(
      /((?:access_token|client_secret|secret|password|token)["']?\s*[:=]\s*["']?)[^\s"'&,}]+/gi,
      '$1***',
    );
  return `Đồng bộ Cổng DVCQG thất bại sau ${row.attempts} lần thử. Trả lời của Cổng: ${answer}`;
}

/**
 * A dossier whose sync was given up on becomes an engine incident on its process instance, with the
 * portal's answer; a resend resolves it. Raised once: a worker claims the failed row first (of
 * several, one wins); raiseIncident finds an open incident of the row at the engine (one raised by
 * a worker that died before recording it) before raising one; the id is recorded only while the
 * row is still failed — if it was resent meanwhile, the incident just raised is resolved again.
 */
export class DvcqgSyncIncidents {
  private readonly dossiers: DossierStore;

  constructor(
    private readonly o: {
      ds: DataSource;
      outbox: DvcqgOutboxStore;
      engine: IncidentEngine;
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
    let incidentId: string;
    try {
      incidentId =
        (processInstanceId &&
          (await raiseIncident(this.o.engine, {
            processInstanceId,
            incidentType: DVCQG_INCIDENT_TYPE,
            configuration: dvcqgIncidentConfiguration(row.id),
            message: syncIncidentMessage(row),
          }))) ||
        DVCQG_NO_INCIDENT;
    } catch (err) {
      // The engine is unreachable or refused: the claim expires and the incident is tried again.
      this.o.log.warn({ ...meta, err: String(err) }, 'could not raise the sync incident; retrying');
      return;
    }
    if (incidentId === DVCQG_NO_INCIDENT)
      // No running process instance: nothing to raise an incident on; the failure stays listed.
      this.o.log.warn(meta, 'sync failed on a dossier whose process does not run');
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
