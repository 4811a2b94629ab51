import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { AuditEntryEntity } from '../portal/audit-entry.entity.js';
import type { AuditEntry } from '../portal/portal-stores.js';

export interface AuditSearch {
  /** Entries by any of these actors (user ids, `cli:…`, `?username`). */
  actors?: string[];
  /** Entries about this target (`dossier:<id>`, `unit:<code>`, a username…). */
  targets?: string[];
  /** The action, or every action under a prefix ending with a dot (`user.`). */
  action?: string;
  /** From this instant (inclusive) to that one (exclusive). */
  from?: Date;
  to?: Date;
}

function toEntry(e: AuditEntryEntity): AuditEntry {
  return {
    id: e.id,
    actor: e.actor,
    action: e.action,
    target: e.target,
    detail: e.detail ? (JSON.parse(e.detail) as Record<string, unknown>) : null,
    ip: e.ip,
    at: e.at,
  };
}

/** The administration's search of the append-only audit trail, newest first. */
export class AuditQuery {
  constructor(private readonly ds: DataSource) {}

  private where(s: AuditSearch): SelectQueryBuilder<AuditEntryEntity> {
    const qb = this.ds.getRepository(AuditEntryEntity).createQueryBuilder('a');
    if (s.actors) qb.andWhere(s.actors.length ? 'a.actor IN (:...actors)' : '1 = 0', { actors: s.actors });
    if (s.targets)
      qb.andWhere(s.targets.length ? 'a.target IN (:...targets)' : '1 = 0', { targets: s.targets });
    if (s.action?.endsWith('.'))
      qb.andWhere("a.action LIKE :prefix ESCAPE '!'", {
        prefix: `${s.action.replace(/[!%_]/g, (c) => `!${c}`)}%`,
      });
    else if (s.action) qb.andWhere('a.action = :action', { action: s.action });
    if (s.from) qb.andWhere('a.at >= :from', { from: s.from });
    if (s.to) qb.andWhere('a.at < :to', { to: s.to });
    return qb;
  }

  async search(
    s: AuditSearch,
    page: { offset: number; limit: number },
  ): Promise<{ rows: AuditEntry[]; total: number }> {
    const [rows, total] = await this.where(s)
      .orderBy('a.id', 'DESC')
      .skip(page.offset)
      .take(page.limit)
      .getManyAndCount();
    return { rows: rows.map(toEntry), total };
  }

  /** Every matching entry, newest first, in batches (exports); stops after `max`. */
  async *each(s: AuditSearch, options: { batch: number; max: number }): AsyncGenerator<AuditEntry> {
    let beforeId: number | null = null;
    let sent = 0;
    for (;;) {
      const qb = this.where(s);
      if (beforeId !== null) qb.andWhere('a.id < :beforeId', { beforeId });
      const rows = await qb
        .orderBy('a.id', 'DESC')
        .take(Math.min(options.batch, options.max - sent))
        .getMany();
      for (const r of rows) yield toEntry(r);
      sent += rows.length;
      if (rows.length < options.batch || sent >= options.max) return;
      beforeId = rows[rows.length - 1]!.id;
    }
  }

  /** The actions recorded so far (the search form's list). */
  async actions(): Promise<string[]> {
    const rows = await this.ds
      .getRepository(AuditEntryEntity)
      .createQueryBuilder('a')
      .select('DISTINCT a.action', 'action')
      .orderBy('a.action', 'ASC')
      .getRawMany<{ action: string }>();
    return rows.map((r) => r.action);
  }
}
