import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { EngineIncident } from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import type { EngineObserver } from './engine-observer.js';

/** Seconds; REST calls range from sub-millisecond reads to long polls of many seconds. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * The engine's Prometheus metrics, in a registry of its own (several engines in one test process
 * must not share counters). `processMetrics` adds prom-client's process metrics (CPU, memory,
 * event-loop lag, GC): for the entry point only, as they install process-wide observers.
 */
export class EngineMetrics implements EngineObserver {
  readonly registry = new Registry();
  private readonly http: Histogram<'method' | 'route' | 'status'>;
  private readonly commands: Counter<'outcome'>;
  private readonly jobs: Counter<'outcome'>;
  private readonly fetched: Counter<'topic'>;
  private readonly completed: Counter<'topic'>;

  constructor(core: EngineCore, options: { processMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.http = new Histogram({
      name: 'motcua_engine_http_request_duration_seconds',
      help: 'REST requests by method, route template and status',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_BUCKETS,
      registers,
    });
    this.commands = new Counter({
      name: 'motcua_engine_commands_total',
      help: 'Engine commands (one transaction each) by outcome: committed, rolled-back, conflict',
      labelNames: ['outcome'],
      registers,
    });
    this.jobs = new Counter({
      name: 'motcua_engine_jobs_total',
      help: 'Jobs (timers, async continuations) run by the job executor, by outcome: executed, failed',
      labelNames: ['outcome'],
      registers,
    });
    this.fetched = new Counter({
      name: 'motcua_engine_external_tasks_fetched_total',
      help: 'External tasks locked for a worker by fetchAndLock, by topic',
      labelNames: ['topic'],
      registers,
    });
    this.completed = new Counter({
      name: 'motcua_engine_external_tasks_completed_total',
      help: 'External tasks completed by their worker, by topic',
      labelNames: ['topic'],
      registers,
    });
    new Gauge({
      name: 'motcua_engine_open_incidents',
      help: 'Open incidents (failed jobs and external tasks out of retries), counted at scrape time',
      registers,
      async collect() {
        this.set(await core.query((tx) => tx.count(EngineIncident)));
      },
    });
    if (options.processMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'motcua_engine_' });
  }

  httpRequest(r: { method: string; route: string; status: number; seconds: number }): void {
    this.http.observe({ method: r.method, route: r.route, status: String(r.status) }, r.seconds);
  }
  command(outcome: 'committed' | 'rolled-back' | 'conflict'): void {
    this.commands.inc({ outcome });
  }
  job(outcome: 'executed' | 'failed'): void {
    this.jobs.inc({ outcome });
  }
  externalTasksFetched(topics: readonly string[]): void {
    for (const topic of topics) this.fetched.inc({ topic });
  }
  externalTaskCompleted(topic: string): void {
    this.completed.inc({ topic });
  }
}
