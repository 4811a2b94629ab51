import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { type DataSource } from '@motcua/db';
import { outboxBacklog } from '@motcua/db/workers';
import type { TaskOutcome } from '../runtime/worker-runtime.js';

/**
 * The workers' Prometheus metrics in a registry of their own: external tasks handled per topic and
 * outcome, and the outboxes' backlog (national-portal sync, notifications), counted at scrape time.
 */
export class WorkersMetrics {
  readonly registry = new Registry();
  private readonly tasks: Counter<'topic' | 'outcome'>;

  constructor(ds: DataSource, options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.tasks = new Counter({
      name: 'motcua_workers_tasks_total',
      help: 'External tasks handled, by topic and outcome (completed, bpmn-error, failed, unlocked, report-failed)',
      labelNames: ['topic', 'outcome'],
      registers,
    });
    const backlog = () => outboxBacklog(ds);
    new Gauge({
      name: 'motcua_workers_outbox_waiting',
      help: 'Outbox rows not sent yet, by outbox (national-portal, notifications)',
      labelNames: ['outbox'],
      registers,
      async collect() {
        for (const b of await backlog()) this.set({ outbox: b.outbox }, b.waiting);
      },
    });
    new Gauge({
      name: 'motcua_workers_outbox_failed',
      help: 'Outbox rows given up on (they need a person), by outbox',
      labelNames: ['outbox'],
      registers,
      async collect() {
        for (const b of await backlog()) this.set({ outbox: b.outbox }, b.failed);
      },
    });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'motcua_workers_' });
  }

  /** WorkerRuntime's `onOutcome`. */
  readonly taskHandled = (topic: string, outcome: TaskOutcome): void => {
    this.tasks.inc({ topic, outcome });
  };
}
