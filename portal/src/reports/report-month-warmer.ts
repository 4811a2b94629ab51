import type { IndicatorStore } from '@motcua/db/portal';
import type { Logger } from '@motcua/domain';
import { TREND_MONTHS } from './indicator-report.service.js';
import { PeriodicRound } from '../ops/periodic-round.js';

export interface ReportMonthWarmerOptions {
  indicators: Pick<IndicatorStore, 'storeRecentMonths'>;
  logger: Logger;
  /** Pause between two rounds, ms. Default 600 000 (10 minutes). */
  intervalMs?: number;
  /** Closed months kept summed. Default TREND_MONTHS + 1: a past month's page and its trend. */
  months?: number;
}

/**
 * Keeps the closed months' indicator cells summed in the background (db month-summary.ts): a
 * write that changes a closed month (a backdated event, a due date on an older dossier, a holiday
 * table edit) drops the stored months from it on, and without this round the next report page
 * would sum them again while its reader waits. Nothing to do (one small query) when every month is
 * stored. One round at a time; a failure is logged and the next round tries again.
 */
export class ReportMonthWarmer {
  private readonly rounds: PeriodicRound;

  constructor(private readonly options: ReportMonthWarmerOptions) {
    this.rounds = new PeriodicRound(() => this.round(), options.intervalMs ?? 600_000);
  }

  start(): void {
    this.rounds.start();
  }

  /** One round; returns the months it covered (empty when it failed). */
  async round(): Promise<string[]> {
    return this.options.indicators
      .storeRecentMonths(this.options.months ?? TREND_MONTHS + 1)
      .catch((err: unknown) => {
        this.options.logger.warn({ err }, 'report months: summing the closed months failed');
        return [];
      });
  }

  stop(): Promise<void> {
    return this.rounds.stop();
  }
}
