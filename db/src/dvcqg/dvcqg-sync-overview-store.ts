import { In, type DataSource } from 'typeorm';
import { DossierEntity } from '../portal/dossier.entity.js';
import { DvcqgOutboxEntity } from './dvcqg-outbox.entity.js';

/** A dossier's sync as a whole: failed when a row was given up on, waiting while rows wait, else sent. */
export type DvcqgDossierSyncState = 'failed' | 'waiting' | 'sent';

export interface DvcqgDossierSync {
  dossierId: string;
  dossierCode: string | null;
  procedureCode: string | null;
  state: DvcqgDossierSyncState;
  sent: number;
  waiting: number;
  failed: number;
  /** The newest event queued for the portal. */
  lastEventAt: Date;
  /** When the portal last acknowledged a row of the dossier. */
  lastSentAt: Date | null;
  /** The portal's answer that matters: the failed row's, else the newest one recorded. */
  lastAnswer: string | null;
  /** Attempts of the row the answer belongs to. */
  attempts: number;
  /** The engine incident raised for the failed row, when there is one. */
  incidentId: string | null;
}

export interface DvcqgSyncOverviewPage {
  rows: DvcqgDossierSync[];
  /** Dossiers in the state asked for (all states when none was). */
  total: number;
  counts: Record<DvcqgDossierSyncState, number>;
}

const HAVING: Record<DvcqgDossierSyncState, string> = {
  failed: 'SUM(CASE WHEN o.state = ? THEN 1 ELSE 0 END) > 0',
  waiting:
    'SUM(CASE WHEN o.state = ? THEN 1 ELSE 0 END) = 0 AND SUM(CASE WHEN o.state = ? THEN 1 ELSE 0 END) > 0',
  sent: 'SUM(CASE WHEN o.state = ? THEN 1 ELSE 0 END) = 0 AND SUM(CASE WHEN o.state = ? THEN 1 ELSE 0 END) = 0',
};
const HAVING_PARAMS: Record<DvcqgDossierSyncState, string[]> = {
  failed: ['failed'],
  waiting: ['failed', 'pending'],
  sent: ['failed', 'pending'],
};

/**
 * The administrators' view of the national-portal sync, one line per dossier: its state, counts,
 * the portal's last answer, newest activity first. Aggregates the outbox per dossier (grouped
 * scan of the outbox; a page reads the rows of its dossiers only).
 */
export class DvcqgSyncOverviewStore {
  constructor(private readonly ds: DataSource) {}

  async page(filter: {
    state?: DvcqgDossierSyncState;
    offset: number;
    limit: number;
  }): Promise<DvcqgSyncOverviewPage> {
    const having = filter.state ? `HAVING ${HAVING[filter.state]}` : '';
    const params = filter.state ? HAVING_PARAMS[filter.state] : [];
    const grouped = `SELECT o.dossier_id AS dossier_id, MAX(o.id) AS last_id FROM dvcqg_outbox o
      GROUP BY o.dossier_id ${having}`;
    const [ids, countRows, totalRows] = await Promise.all([
      this.ds.query(`${grouped} ORDER BY last_id DESC LIMIT ? OFFSET ?`, [
        ...params,
        filter.limit,
        filter.offset,
      ]) as Promise<Array<{ dossier_id: string }>>,
      this.ds.query(
        `SELECT t.s AS s, COUNT(*) AS n FROM (SELECT CASE
           WHEN SUM(CASE WHEN o.state = ? THEN 1 ELSE 0 END) > 0 THEN 'failed'
           WHEN SUM(CASE WHEN o.state = ? THEN 1 ELSE 0 END) > 0 THEN 'waiting'
           ELSE 'sent' END AS s FROM dvcqg_outbox o GROUP BY o.dossier_id) t GROUP BY t.s`,
        ['failed', 'pending'],
      ) as Promise<Array<{ s: DvcqgDossierSyncState; n: number | string }>>,
      filter.state
        ? Promise.resolve(null)
        : (this.ds.query(`SELECT COUNT(DISTINCT dossier_id) AS n FROM dvcqg_outbox`) as Promise<
            Array<{ n: number | string }>
          >),
    ]);
    const counts: Record<DvcqgDossierSyncState, number> = { failed: 0, waiting: 0, sent: 0 };
    for (const c of countRows) counts[c.s] = Number(c.n);
    const total = filter.state ? counts[filter.state] : Number(totalRows?.[0]?.n ?? 0);
    return { rows: await this.describe(ids.map((r) => r.dossier_id)), total, counts };
  }

  private async describe(dossierIds: string[]): Promise<DvcqgDossierSync[]> {
    if (!dossierIds.length) return [];
    const [rows, dossiers] = await Promise.all([
      this.ds
        .getRepository(DvcqgOutboxEntity)
        .find({ where: { dossierId: In(dossierIds) }, order: { id: 'ASC' } }),
      this.ds.getRepository(DossierEntity).find({
        where: { id: In(dossierIds) },
        select: { id: true, dossierCode: true, procedureCode: true },
      }),
    ]);
    const byDossier = new Map(dossiers.map((d) => [d.id, d]));
    return dossierIds.map((dossierId) => {
      const own = rows.filter((r) => r.dossierId === dossierId);
      const count = (s: string) => own.filter((r) => r.state === s).length;
      const [sent, waiting, failed] = [count('sent'), count('pending'), count('failed')];
      const failedRow = own.find((r) => r.state === 'failed');
      const answered = failedRow ?? [...own].reverse().find((r) => r.lastAnswer !== null);
      const sentTimes = own.flatMap((r) => (r.sentAt ? [new Date(r.sentAt).getTime()] : []));
      const d = byDossier.get(dossierId);
      return {
        dossierId,
        dossierCode: d?.dossierCode ?? null,
        procedureCode: d?.procedureCode ?? null,
        state: failed ? 'failed' : waiting ? 'waiting' : 'sent',
        sent,
        waiting,
        failed,
        lastEventAt: new Date(own[own.length - 1]!.eventAt),
        lastSentAt: sentTimes.length ? new Date(Math.max(...sentTimes)) : null,
        lastAnswer: answered?.lastAnswer ?? null,
        attempts: Number(answered?.attempts ?? 0),
        incidentId: failedRow?.incidentId ?? null,
      } satisfies DvcqgDossierSync;
    });
  }
}
