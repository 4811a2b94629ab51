import {
  EngineHistoricActivityInstance,
  EngineHistoricProcessInstance,
  EngineHistoricTaskInstance,
  type IntervalMetric,
  type WhereOp,
} from '@motcua/db/engine';
import type { EngineCore } from '../engine-core.js';
import { requirePermission, RESOURCES } from '../identity/authorization.service.js';
import { InvalidArgumentError } from '../runtime/errors.js';

/** Metrics counted from history (Camunda keeps separate meter logs). */

const METERS = ['root-process-instance-start', 'activity-instance-start', 'activity-instance-end'];

export interface MetricBucket {
  name: string;
  timestamp: number;
  value: number;
}

/**
 * Counts per interval (milliseconds) of the meters history can tell — process-instance starts,
 * activity-instance starts and ends — newest interval first, as Camunda. Counted per interval in
 * the database (one row per non-empty interval), never by reading the history into the process.
 */
export async function metricIntervals(
  core: EngineCore,
  query: { name: string | undefined; intervalMs: number; start?: Date; end?: Date },
): Promise<MetricBucket[]> {
  const wanted = query.name;
  if (wanted !== undefined && !METERS.includes(wanted) && wanted !== 'flow-node-instances')
    throw new InvalidArgumentError(`Unknown metric '${wanted}'`);
  const names = (
    wanted === undefined ? METERS : [wanted === 'flow-node-instances' ? 'activity-instance-start' : wanted]
  ) as IntervalMetric[];
  const counted = await core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.SYSTEM, permission: 'READ' });
    const out: MetricBucket[] = [];
    for (const name of names)
      for (const b of await tx.metricBuckets(name, query.intervalMs, { start: query.start, end: query.end }))
        out.push({ name: wanted ?? name, ...b });
    return out;
  });
  return counted.sort((a, b) => b.timestamp - a.timestamp || a.name.localeCompare(b.name));
}

/**
 * The sum of one meter between two dates. Counted in the database (COUNT(*) over the history's
 * time indexes), never by reading the history into the process: the activity history holds
 * millions of rows at a ministry.
 */
export async function metricSum(
  core: EngineCore,
  name: string,
  range: { start?: Date; end?: Date },
): Promise<number> {
  const bounds = [
    ...(range.start ? [{ op: 'gte', value: range.start } as const] : []),
    ...(range.end ? [{ op: 'lt', value: range.end } as const] : []),
  ];
  const inRange = bounds.length === 0 ? undefined : ({ op: 'all', of: bounds } as const);
  const ended: WhereOp<Date | null> = { op: 'all', of: [{ op: 'notNull' }, ...bounds] };
  return core.query(async (tx, caller) => {
    await requirePermission(tx, caller, { resource: RESOURCES.SYSTEM, permission: 'READ' });
    switch (name) {
      case 'root-process-instance-start':
        return tx.count(EngineHistoricProcessInstance, { superProcessInstanceId: null, startTime: inRange });
      case 'activity-instance-start':
      case 'flow-node-instances':
        return tx.count(EngineHistoricActivityInstance, { startTime: inRange });
      case 'activity-instance-end':
        return tx.count(EngineHistoricActivityInstance, { endTime: ended });
      case 'unique-task-workers':
        return tx.countDistinct(EngineHistoricTaskInstance, 'assignee', {
          endTime: ended,
          assignee: { op: 'notNull' },
        });
      case 'executed-decision-elements':
      case 'executed-decision-instances':
      case 'job-acquisition-attempt':
      case 'job-acquired-success':
      case 'job-acquired-failure':
      case 'job-execution-rejected':
      case 'job-successful':
      case 'job-failed':
      case 'job-locked-exclusive':
        return 0;
      default:
        throw new InvalidArgumentError(`Unknown metric '${name}'`);
    }
  });
}
