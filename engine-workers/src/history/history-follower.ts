import type { DossierLifeStore } from '@motcua/db/workers';
import { ENGINE_ACTIVITY_EVENT_PREFIX } from '@motcua/db/workers';
import type { Logger } from '@motcua/domain';
import type { EngineClient, HistoricActivityInstanceDto } from '@motcua/engine-client';
import { loggableEngineError } from '../runtime/worker-runtime.js';
import { STATUS_EVENTS, type StatusEvent } from './status-events.js';

export interface HistoryFollowerOptions {
  engine: EngineClient;
  life: DossierLifeStore;
  logger: Logger;
  /** Pause between two reads of the engine's history, ms. Default 2000. */
  pollMs?: number;
  /** Default STATUS_EVENTS. */
  events?: Record<string, StatusEvent>;
}

const PAGE = 50;

/**
 * The status hook: follows the engine's activity history (Camunda 7 REST, so it works on
 * Operaton too) and writes every status change of a dossier (STATUS_EVENTS) into the dossier's
 * append-only history with its national status code. This is where a national-portal sync or a
 * notification to the applicant hooks in later.
 *
 * Per tracked element it reads the newest activity instances first, page by page, until it meets
 * one already recorded; the new ones are written oldest first, keyed by the activity instance id,
 * so a failure halfway, a restart or two followers never record an event twice or skip one.
 */
export class HistoryFollower {
  private readonly log: Logger;
  private readonly events: Record<string, StatusEvent>;
  private readonly businessKeys = new Map<string, string | null>();
  /** Activity instances of processes without a business key: not dossiers, never recorded. */
  private readonly ignored = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly options: HistoryFollowerOptions) {
    this.log = options.logger.child({ component: 'history-follower' });
    this.events = options.events ?? STATUS_EVENTS;
  }

  /** Activity instances of one element not recorded yet, oldest first. */
  private async unrecorded(activityId: string): Promise<HistoricActivityInstanceDto[]> {
    const found: HistoricActivityInstanceDto[] = [];
    for (let first = 0; ; first += PAGE) {
      const page = await this.options.engine.historicActivityInstances({
        activityId,
        sortBy: 'startTime',
        sortOrder: 'desc',
        firstResult: first,
        maxResults: PAGE,
      });
      const known = await this.options.life.knownHistoryEvents(
        page.map((a) => ENGINE_ACTIVITY_EVENT_PREFIX + a.id),
      );
      for (const a of page) if (this.ignored.has(a.id)) known.add(ENGINE_ACTIVITY_EVENT_PREFIX + a.id);
      found.push(...page.filter((a) => !known.has(ENGINE_ACTIVITY_EVENT_PREFIX + a.id)));
      if (known.size > 0 || page.length < PAGE) break;
    }
    return found.reverse();
  }

  /** Business keys (dossier ids) of the process instances, cached: a business key never changes. */
  private async businessKeysOf(ids: string[]): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.businessKeys.has(id));
    for (let i = 0; i < missing.length; i += PAGE) {
      const chunk = missing.slice(i, i + PAGE);
      const rows = await this.options.engine.historicProcessInstances({
        processInstanceIds: chunk,
        maxResults: PAGE,
      });
      for (const r of rows) this.businessKeys.set(r.id, r.businessKey ?? null);
    }
    if (this.businessKeys.size > 10_000) this.businessKeys.clear();
  }

  /** The unrecorded activity instances of every tracked element, in the order they started. */
  private async collect(): Promise<Array<{ a: HistoricActivityInstanceDto; event: StatusEvent }>> {
    const fresh: Array<{ a: HistoricActivityInstanceDto; event: StatusEvent }> = [];
    for (const [activityId, event] of Object.entries(this.events))
      for (const a of await this.unrecorded(activityId)) fresh.push({ a, event });
    return fresh.sort((x, y) => x.a.startTime.localeCompare(y.a.startTime));
  }

  /**
   * One pass over every tracked element; returns how many history entries it wrote. The new
   * events of all elements are written in the order they happened (so a status a dossier passes
   * through lands before the later ones), which keeps each element's recorded events a prefix of
   * its history: a failure halfway loses nothing.
   *
   * The elements are read one after the other, so one read can see a dossier's later status (it
   * was entered while the earlier elements were being read) and miss the earlier one (its
   * element was read just before). Writing that would record "stopped" before "in process", and
   * the national-portal sync sends the history in that order. So when a read finds anything, the
   * elements are read a second time, and only events no later than the newest of the first read
   * are written: everything that started before it had committed by the time it was seen, so the
   * second read has it. Later ones wait for the next pass.
   */
  async syncOnce(): Promise<number> {
    let written = 0;
    const first = await this.collect();
    if (!first.length) return 0;
    const horizon = first[first.length - 1]!.a.startTime;
    const fresh = (await this.collect()).filter((f) => f.a.startTime <= horizon);
    await this.businessKeysOf(fresh.map((f) => f.a.processInstanceId));
    for (const { a, event } of fresh) {
      const dossierId = this.businessKeys.get(a.processInstanceId);
      // A process started without a business key is not a portal dossier.
      if (!dossierId) {
        if (this.ignored.size > 10_000) this.ignored.clear();
        this.ignored.add(a.id);
        continue;
      }
      const at = new Date(a.startTime);
      const base = { dossierId, processInstanceId: a.processInstanceId, actor: 'system', at };
      if (event.passesThrough) {
        const p = event.passesThrough;
        if (
          await this.options.life.appendHistory({
            ...base,
            eventKey: `${p.kind}:${a.processInstanceId}`,
            statusCode: p.statusCode,
            kind: p.kind,
            textVi: p.textVi,
            detail: { activityId: a.activityId },
          })
        )
          written++;
      }
      const inserted = await this.options.life.appendHistory({
        ...base,
        // A once-per-dossier status is keyed by the dossier's instance, so whichever of its
        // elements the dossier enters first records it and the others add nothing.
        eventKey: event.oncePerDossier
          ? `${event.kind}:${a.processInstanceId}`
          : ENGINE_ACTIVITY_EVENT_PREFIX + a.id,
        statusCode: event.statusCode,
        kind: event.kind,
        textVi: event.textVi,
        detail: { activityId: a.activityId },
      });
      if (inserted) written++;
    }
    return written;
  }

  start(): void {
    const pollMs = this.options.pollMs ?? 2000;
    const tick = () => {
      this.running = this.syncOnce()
        .then((n) => {
          if (n) this.log.debug({ written: n }, 'dossier history recorded');
        })
        .catch((err: unknown) =>
          this.log.warn({ err: loggableEngineError(err) }, 'reading the engine history failed; retrying'),
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
