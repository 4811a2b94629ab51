import type { Logger } from '@motcua/domain';
import type { PaymentStore } from '@motcua/db/portal';
import type { PaymentGateway } from './payment-gateway.js';
import type { PaymentService } from './payment.service.js';
import { PeriodicRound } from '../ops/periodic-round.js';

export interface PaymentReconcilerDeps {
  payments: PaymentStore;
  gateway: PaymentGateway;
  service: PaymentService;
  logger: Logger;
  /** Between rounds. Default 60 s. */
  intervalMs?: number;
  /** How far back an expired attempt is still asked about. Default 24 h. */
  lookBackMs?: number;
  clock?: () => Date;
}

export interface ReconcileRound {
  asked: number;
  confirmed: number;
  failed: number;
  settled: number;
  errors: number;
}

/**
 * The portal's reconciliation job: asks the gateway about every attempt whose outcome we do not
 * know (pending, or expired lately) and applies what it says through the same path as the IPN
 * (so a payment is confirmed and settled once, whoever learns of it first — a payment the gateway
 * has and we do not); settles paid attempts the engine could not be told of before. It does not
 * expire requests: the timer each request starts in the dossier's process does
 * (`payment.expire-request`, engine-workers).
 */
export class PaymentReconciler {
  private readonly rounds: PeriodicRound;
  private readonly clock: () => Date;

  constructor(private readonly d: PaymentReconcilerDeps) {
    this.clock = d.clock ?? (() => new Date());
    this.rounds = new PeriodicRound(
      () => this.round().catch((err) => this.d.logger.warn({ err }, 'payment reconciliation failed')),
      d.intervalMs ?? 60_000,
    );
  }

  start(): void {
    this.rounds.start();
  }

  stop(): Promise<void> {
    return this.rounds.stop();
  }

  /** One round; returns what it did (tests and logs). */
  async round(): Promise<ReconcileRound> {
    const r: ReconcileRound = { asked: 0, confirmed: 0, failed: 0, settled: 0, errors: 0 };
    const now = this.clock();
    const open = await this.d.payments.listOpen(
      new Date(now.getTime() - (this.d.lookBackMs ?? 24 * 3600_000)),
    );
    for (const attempt of open) {
      if (attempt.gateway !== this.d.gateway.name) continue;
      r.asked++;
      try {
        const said = await this.d.gateway.query(attempt);
        if (said && said.amountVnd !== attempt.amountVnd) {
          this.d.logger.warn({ txnRef: attempt.txnRef }, 'gateway reports another amount; left for review');
          r.errors++;
          continue;
        }
        if (said && said.outcome !== 'pending') {
          const outcome = await this.d.service.apply(attempt, said, 'reconciliation', null);
          if (outcome === 'confirmed') r.confirmed++;
          if (outcome === 'recorded-failure') r.failed++;
          continue;
        }
      } catch (err) {
        // The gateway failed or timed out: ask again next round; nothing changes meanwhile.
        this.d.logger.warn({ err, txnRef: attempt.txnRef }, 'payment query failed');
        r.errors++;
        continue;
      }
      // Unknown to the gateway or still open there: the request's timer in the dossier's process
      // expires it (`payment.expire-request`); asked again next round until then.
    }
    for (const attempt of await this.d.payments.listUnsettled()) {
      try {
        await this.d.service.settle(attempt);
        r.settled++;
      } catch (err) {
        this.d.logger.warn({ err, txnRef: attempt.txnRef }, 'payment settlement failed; next round');
        r.errors++;
      }
    }
    return r;
  }
}
