import type { DataSource } from 'typeorm';
import { DvcqgOutboxEntity } from '../dvcqg/dvcqg-outbox.entity.js';
import { NotificationOutboxEntity } from '../notify/notification.entities.js';

/** Rows of one outbox by state: `waiting` (not sent yet, claimed or not) and `failed` (given up). */
export interface OutboxBacklog {
  outbox: 'national-portal' | 'notifications';
  waiting: number;
  failed: number;
}

async function countsByState(
  ds: DataSource,
  entity: typeof DvcqgOutboxEntity | typeof NotificationOutboxEntity,
): Promise<Map<string, number>> {
  const rows: { state: string; n: string | number }[] = await ds
    .getRepository(entity)
    .createQueryBuilder('o')
    .select('o.state', 'state')
    .addSelect('COUNT(*)', 'n')
    .where('o.state <> :sent', { sent: 'sent' })
    .groupBy('o.state')
    .getRawMany();
  return new Map(rows.map((r) => [r.state, Number(r.n)]));
}

/**
 * The backlog of the workers' two outboxes (national-portal sync, e-mail/SMS notifications), for
 * the metrics: a growing `waiting` means the outside system is down or the senders are stopped.
 * Both tables have an index on (state, next_attempt_at), so the count stays cheap.
 */
export async function outboxBacklog(ds: DataSource): Promise<OutboxBacklog[]> {
  const dvcqg = await countsByState(ds, DvcqgOutboxEntity);
  const notify = await countsByState(ds, NotificationOutboxEntity);
  return [
    { outbox: 'national-portal', waiting: dvcqg.get('pending') ?? 0, failed: dvcqg.get('failed') ?? 0 },
    {
      outbox: 'notifications',
      waiting: (notify.get('pending') ?? 0) + (notify.get('sending') ?? 0),
      failed: notify.get('failed') ?? 0,
    },
  ];
}
