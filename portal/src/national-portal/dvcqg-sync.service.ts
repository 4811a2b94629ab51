import type { AuditStore, DvcqgOutboxRow, DvcqgOutboxStore, PortalUser } from '@motcua/db/portal';

/** A dossier's sync with the national portal as officers see it. */
export interface DvcqgSyncState {
  /** `failed` when any row was given up on; `waiting` while rows wait; `sent` when all went; `none` before any event. */
  overall: 'none' | 'sent' | 'waiting' | 'failed';
  sent: number;
  waiting: number;
  failed: number;
  rows: DvcqgOutboxRow[];
}

export class DvcqgSyncService {
  constructor(private readonly deps: { outbox: DvcqgOutboxStore; audit: AuditStore; clock?: () => Date }) {}

  async stateOf(dossierId: string): Promise<DvcqgSyncState> {
    const rows = await this.deps.outbox.listForDossier(dossierId);
    const count = (s: DvcqgOutboxRow['state']) => rows.filter((r) => r.state === s).length;
    const [sent, waiting, failed] = [count('sent'), count('pending'), count('failed')];
    return {
      overall: failed ? 'failed' : waiting ? 'waiting' : sent ? 'sent' : 'none',
      sent,
      waiting,
      failed,
      rows,
    };
  }

  /** Puts the dossier's failed rows back in the queue (audited); how many. */
  async resend(user: PortalUser, dossierId: string, ip: string | null): Promise<number> {
    const n = await this.deps.outbox.resend(dossierId, (this.deps.clock ?? (() => new Date()))());
    await this.deps.audit.append({
      actor: user.id,
      action: 'dvcqg.resend',
      target: `dossier:${dossierId}`,
      detail: { rows: n },
      ip,
    });
    return n;
  }
}
