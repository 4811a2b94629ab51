import { type DataSource } from '@motcua/db';
import {
  DvcqgInboundStore,
  DvcqgOutboxStore,
  readDvcqgDossierSnapshot,
  readUserDisplayNames,
  type DvcqgOutboxRow,
} from '@motcua/db/workers';
import type { Logger } from '@motcua/domain';
import type { CatalogueEntry } from '@motcua/processes';
import {
  DVCQG_ANSWER,
  DvcqgTransportError,
  describeAnswer,
  isSuccess,
  type DvcqgAnswer,
  type DvcqgClient,
} from './dvcqg-client.js';
import type { IncidentEngine } from '../runtime/raise-incident.js';
import { DvcqgSyncIncidents } from './dvcqg-sync-incidents.js';
import { dossierItem, progressEntry, type DvcqgPayloadContext } from './dvcqg-payload.js';

export interface DvcqgSyncWorkerOptions {
  ds: DataSource;
  client: DvcqgClient;
  catalogue: CatalogueEntry[];
  /** MaDonVi at the national portal. */
  unitCode: string;
  /** Lock owner recorded on claimed rows (unique per process). */
  workerId: string;
  logger: Logger;
  /** Pause between two polls of the outbox, ms. Default 1,000. */
  pollMs?: number;
  /** How long a claimed row stays locked to this worker, ms; longer than a send takes. Default 60,000. */
  lockMs?: number;
  /** Attempts before a row is given up on (failed, shown to officers). Default 8. */
  maxAttempts?: number;
  /** First retry wait, ms; doubles per attempt. Default 2,000. */
  backoffMs?: number;
  /** Longest retry wait, ms. Default 300,000. */
  maxBackoffMs?: number;
  /** Rows (each the head of a different dossier) sent per poll. Default 10. */
  batch?: number;
  clock?: () => Date;
  /**
   * The engine's REST API, to raise an incident on the dossier's process instance when its sync
   * is given up on (and resolve it after a resend). Without it a failure is only logged and listed.
   */
  engine?: IncidentEngine;
}

/** A definite "no" from the portal that a resend will not change. */
class PermanentRejection extends Error {}

/**
 * Sends the outbox to the national portal: per dossier in order, one row after the other
 * acknowledged (the store hands out only the head of each dossier's queue). A row is recorded as
 * sent only by the worker holding its lock; if it dies after sending and before recording, the
 * row is sent again after the lock expires and the portal recognises the event by `MaSuKien`.
 * A first status creates the dossier; "already exists" (03) turns the create into an update and
 * "not found" (04) an update into a create. Transport errors, timeouts and 5xx are retried with
 * backoff; invalid data (02) and too many attempts leave the row `failed` with the portal's answer,
 * which stops that dossier's sync until an officer resends it. With the engine's API given, each
 * poll also raises an engine incident for every row given up on and resolves those of rows resent
 * (dvcqg-sync-incidents.ts).
 */
export class DvcqgSyncWorker {
  private readonly outbox: DvcqgOutboxStore;
  private readonly inbound: DvcqgInboundStore;
  private readonly log: Logger;
  private readonly procedures: Map<string, CatalogueEntry>;
  private readonly incidents: DvcqgSyncIncidents | undefined;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = false;

  constructor(private readonly o: DvcqgSyncWorkerOptions) {
    this.outbox = new DvcqgOutboxStore(o.ds);
    this.inbound = new DvcqgInboundStore(o.ds);
    this.log = o.logger.child({ component: 'dvcqg-sync', workerId: o.workerId });
    this.procedures = new Map();
    for (const p of o.catalogue) {
      this.procedures.set(p.code, p);
      this.procedures.set(p.key, p);
    }
    this.incidents = o.engine
      ? new DvcqgSyncIncidents({
          ds: o.ds,
          outbox: this.outbox,
          engine: o.engine,
          workerId: o.workerId,
          lockMs: o.lockMs ?? 60_000,
          log: this.log,
        })
      : undefined;
  }

  private now(): Date {
    return (this.o.clock ?? (() => new Date()))();
  }

  /** One poll: claims the dossiers' head rows and sends them; how many were acknowledged. */
  async syncOnce(): Promise<number> {
    // Resolve the incidents of resent rows before sending them again.
    await this.incidents?.reconcile(this.now());
    const rows = await this.outbox.claim(
      this.o.workerId,
      this.o.lockMs ?? 60_000,
      this.now(),
      this.o.batch ?? 10,
    );
    const results = await Promise.all(rows.map((r) => this.sendRow(r)));
    // Rows just given up on get their incident in the same poll.
    if (results.some((ok) => !ok)) await this.incidents?.reconcile(this.now());
    return results.filter(Boolean).length;
  }

  private async sendRow(row: DvcqgOutboxRow): Promise<boolean> {
    const meta = { dossierId: row.dossierId, eventKey: row.eventKey };
    try {
      const answer = await this.deliver(row);
      const recorded = await this.outbox.markSent(
        row.id,
        this.o.workerId,
        describeAnswer(answer),
        this.now(),
      );
      if (!recorded) this.log.warn(meta, 'sent, but the row was claimed by another worker meanwhile');
      return recorded;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      const permanent = err instanceof PermanentRejection;
      if (permanent || row.attempts >= (this.o.maxAttempts ?? 8)) {
        await this.outbox.markFailed(row.id, this.o.workerId, reason);
        this.log.error(
          { ...meta, answer: reason, attempts: row.attempts },
          'national portal sync failed: dossier sync stopped',
        );
        return false;
      }
      const wait = Math.min(
        (this.o.backoffMs ?? 2_000) * 2 ** (row.attempts - 1),
        this.o.maxBackoffMs ?? 300_000,
      );
      await this.outbox.markRetry(row.id, this.o.workerId, reason, new Date(this.now().getTime() + wait));
      this.log.warn(
        { ...meta, answer: reason, attempts: row.attempts, retryInMs: wait },
        'national portal sync: retrying',
      );
      return false;
    }
  }

  /** Sends the row's messages; the last answer when all succeeded, else throws. */
  private async deliver(row: DvcqgOutboxRow): Promise<DvcqgAnswer> {
    const snapshot = await readDvcqgDossierSnapshot(this.o.ds, row.dossierId);
    if (!snapshot) throw new Error('Không tìm thấy hồ sơ trong cơ sở dữ liệu.');
    const dossierCode = snapshot.dossierCode;
    if (!dossierCode) throw new Error('Hồ sơ chưa có mã (chờ tiếp nhận).');
    const statusCode =
      row.statusCode ?? (await this.outbox.statusBefore(row.dossierId, row.id)) ?? snapshot.statusCode ?? 1;
    const names = await readUserDisplayNames(this.o.ds, [row.actor]);
    const ctx: DvcqgPayloadContext = {
      snapshot: { ...snapshot, dossierCode },
      row,
      statusCode,
      procedure: this.procedures.get(snapshot.procedureCode) ?? this.procedures.get(snapshot.procedureKey),
      unitCode: this.o.unitCode,
      nationalCode: await this.inbound.nationalCodeOf(row.dossierId),
      actorName: row.actor === 'system' ? 'Hệ thống' : (names.get(row.actor) ?? row.actor),
    };
    const known = await this.outbox.dossierKnown(row.dossierId);
    if (row.statusCode !== null || !known) await this.syncDossier(ctx, known);
    let answer = await this.o.client.addProgress([progressEntry(ctx)]);
    if (answer.code === DVCQG_ANSWER.notFound) {
      await this.syncDossier(ctx, false);
      answer = await this.o.client.addProgress([progressEntry(ctx)]);
    }
    return this.expectSuccess(answer);
  }

  private async syncDossier(ctx: DvcqgPayloadContext, known: boolean): Promise<void> {
    const item = dossierItem(ctx);
    let answer = await this.o.client.syncDossiers([item], { isUpdating: known });
    // As the portal defines it: a create of a dossier it has becomes an update, and the reverse.
    if (!known && answer.code === DVCQG_ANSWER.alreadyExists)
      answer = await this.o.client.syncDossiers([item], { isUpdating: true });
    else if (known && answer.code === DVCQG_ANSWER.notFound)
      answer = await this.o.client.syncDossiers([item], { isUpdating: false });
    this.expectSuccess(answer);
  }

  private expectSuccess(answer: DvcqgAnswer): DvcqgAnswer {
    if (isSuccess(answer)) return answer;
    if (
      answer.code === DVCQG_ANSWER.invalidData ||
      (answer.httpStatus >= 400 && answer.httpStatus < 500 && answer.httpStatus !== 401)
    )
      throw new PermanentRejection(describeAnswer(answer));
    throw new DvcqgTransportError(describeAnswer(answer));
  }

  start(): void {
    const pollMs = this.o.pollMs ?? 1_000;
    const tick = () => {
      this.running = this.syncOnce()
        .then(async (n) => {
          if (n) this.log.debug({ sent: n }, 'national portal sync');
        })
        .catch((err: unknown) =>
          this.log.warn({ err: String(err) }, 'national portal sync poll failed; retrying'),
        )
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, pollMs);
        });
    };
    tick();
  }

  async close(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }
}
