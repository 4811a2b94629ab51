import type { DataSource } from 'typeorm';
import { isDuplicateKeyError } from '../workers/sequence-counter.js';
import { DvcqgInboundEntity } from './dvcqg-outbox.entity.js';

export interface DvcqgInbound {
  nationalCode: string;
  dossierId: string;
  acknowledgedAt: Date | null;
}

/**
 * Dossiers taken in from the national portal's queue, keyed by the portal's code: the first
 * `claim` of a code reserves our dossier id for it, every later one (a repeat in the queue, a
 * second puller) gets the same id back, so one national dossier starts one process.
 */
export class DvcqgInboundStore {
  constructor(private readonly ds: DataSource) {}

  /** Reserves `dossierId` for the national code; returns the reservation (the first one on a repeat). */
  async claim(
    nationalCode: string,
    dossierId: string,
    now: Date,
  ): Promise<{ inbound: DvcqgInbound; first: boolean }> {
    let first = true;
    try {
      await this.ds
        .getRepository(DvcqgInboundEntity)
        .insert({ nationalCode, dossierId, acknowledgedAt: null, createdAt: now });
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err;
      first = false;
    }
    const e = await this.ds.getRepository(DvcqgInboundEntity).findOneByOrFail({ nationalCode });
    return {
      inbound: {
        nationalCode: e.nationalCode,
        dossierId: e.dossierId,
        acknowledgedAt: e.acknowledgedAt ? new Date(e.acknowledgedAt) : null,
      },
      first,
    };
  }

  async markAcknowledged(nationalCode: string, at: Date): Promise<void> {
    await this.ds.getRepository(DvcqgInboundEntity).update({ nationalCode }, { acknowledgedAt: at });
  }

  /** The national code a dossier came in with, if it came from the national portal. */
  async nationalCodeOf(dossierId: string): Promise<string | null> {
    const e = await this.ds.getRepository(DvcqgInboundEntity).findOneBy({ dossierId });
    return e?.nationalCode ?? null;
  }
}
