import type { Dossier, DossierStore } from '@motcua/db/portal';
import type { Logger } from '@motcua/domain';
import { PeriodicRound } from '../ops/periodic-round.js';

export interface DossierStateRefresherOptions {
  dossiers: Pick<DossierStore, 'listRunning'>;
  /** Reads one dossier's state from the engine and caches it on its row (DossierService.progressOf). */
  progress: { progressOf(d: Pick<Dossier, 'id' | 'processInstanceId'>): Promise<unknown> };
  logger: Logger;
  /** Pause between two batches, ms. Default 30 000. */
  intervalMs?: number;
  /** Dossiers read per batch (two engine calls each). Default 20. */
  batch?: number;
}

/**
 * Keeps the cached state of running dossiers (status, due date, decision — what the officers'
 * list filters on) following the engine when nobody opens them: a date a worker moved on its own
 * (a supplement round's resume, an apology) reaches the list within one round. It walks the
 * running dossiers by id, a batch every interval, and starts again from the first after the last.
 * One batch at a time; errors are logged and the walk goes on.
 */
export class DossierStateRefresher {
  private readonly rounds: PeriodicRound;
  private cursor: string | null = null;

  constructor(private readonly options: DossierStateRefresherOptions) {
    this.rounds = new PeriodicRound(() => this.tick(), options.intervalMs ?? 30_000);
  }

  start(): void {
    this.rounds.start();
  }

  /** One batch; returns how many dossiers were read. */
  async tick(): Promise<number> {
    const size = this.options.batch ?? 20;
    const rows = await this.options.dossiers.listRunning(this.cursor, size).catch((err: unknown) => {
      this.options.logger.warn({ err }, 'dossier refresh: listing failed');
      return [];
    });
    for (const d of rows) {
      await this.options.progress.progressOf(d).catch((err: unknown) => {
        this.options.logger.warn({ err, dossierId: d.id }, 'dossier refresh: engine read failed');
      });
    }
    // A short batch ends the round: the next starts from the first running dossier again.
    this.cursor = rows.length < size ? null : rows[rows.length - 1]!.id;
    return rows.length;
  }

  stop(): Promise<void> {
    return this.rounds.stop();
  }
}
