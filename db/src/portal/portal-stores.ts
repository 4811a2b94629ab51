import { In, IsNull, LessThan, type DataSource } from 'typeorm';
import { PaymentStore } from '../payments/payment-store.js';
import { DvcqgOutboxStore } from '../dvcqg/dvcqg-outbox-store.js';
import { DvcqgSyncOverviewStore } from '../dvcqg/dvcqg-sync-overview-store.js';
import { PortalUserEntity, PortalUserGroupEntity, type PortalRole } from './portal-user.entity.js';
import { PortalSessionEntity } from './portal-session.entity.js';
import { DossierEntity, type DossierEngineState } from './dossier.entity.js';
import { AuditEntryEntity } from './audit-entry.entity.js';
import { DossierLifeStore } from '../workers/dossier-life-store.js';
import { StudioDraftStore } from '../studio/studio-draft-store.js';
import { SatisfactionStore } from './satisfaction-rating.js';
import { applicantNameOf } from './applicant-name.js';
import { invalidateReportMonthsOfDossier } from '../reports/month-summary.js';
import { UnitStore } from '../admin/unit-store.js';
import { GroupStore } from '../admin/group-store.js';
import { AccountAdminStore } from '../admin/account-admin-store.js';
import { AuditQuery } from '../admin/audit-query.js';
import { OfficerDossierQuery } from './officer-dossier-query.js';
import { DossierAttachmentStore, MAX_ATTACHMENT_BYTES } from './dossier-attachment-store.js';
import { IndicatorStore } from '../reports/indicator-store.js';
import { NotificationOutboxStore } from '../notify/notification-outbox-store.js';
import { NotificationPreferenceStore } from '../notify/notification-preference-store.js';

/** A portal account as the rest of the portal sees it (no ORM classes leak out of db/). */
export interface PortalUser {
  id: string;
  username: string;
  displayName: string;
  role: PortalRole;
  groups: string[];
  active: boolean;
  /** The unit the account works in (null for applicants and accounts without one). */
  unitCode: string | null;
}

export interface PortalUserWithHash extends PortalUser {
  passwordHash: string;
}

export interface PortalSession {
  tokenHash: string;
  userId: string;
  csrfToken: string;
  createdAt: Date;
  lastSeenAt: Date;
}

export interface Dossier {
  id: string;
  procedureKey: string;
  procedureCode: string;
  applicantId: string;
  processInstanceId: string | null;
  dossierCode: string | null;
  statusCode: number | null;
  engineState: DossierEngineState;
  submittedAt: Date;
  channel: number;
  submittedData: Record<string, unknown>;
  /** Legal due date `YYYY-MM-DD`, last seen in the engine (null before the receipt or without a clock). */
  dueDate: string | null;
  /** The decision, last seen in the engine. */
  outcome: 'approved' | 'refused' | null;
  applicantName: string | null;
  rev: number;
}

export interface AuditRecord {
  actor: string;
  action: string;
  target?: string | null;
  detail?: Record<string, unknown> | null;
  ip?: string | null;
}

export interface AuditEntry extends Required<AuditRecord> {
  id: number;
  at: Date;
}

export function toDossier(e: DossierEntity): Dossier {
  return {
    id: e.id,
    procedureKey: e.procedureKey,
    procedureCode: e.procedureCode,
    applicantId: e.applicantId,
    processInstanceId: e.processInstanceId,
    dossierCode: e.dossierCode,
    statusCode: e.statusCode,
    engineState: e.engineState,
    submittedAt: e.submittedAt,
    channel: e.channel,
    submittedData: JSON.parse(e.submittedData) as Record<string, unknown>,
    dueDate: e.dueDate ?? null,
    outcome: e.outcome === 'approved' || e.outcome === 'refused' ? e.outcome : null,
    applicantName: e.applicantName ?? null,
    rev: e.rev,
  };
}

/** Accounts and their candidate groups. */
export class PortalUserStore {
  constructor(private readonly ds: DataSource) {}

  private async withGroups(u: PortalUserEntity): Promise<PortalUserWithHash> {
    const groups = await this.ds.getRepository(PortalUserGroupEntity).find({ where: { userId: u.id } });
    return {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      active: u.active,
      unitCode: u.unitCode ?? null,
      passwordHash: u.passwordHash,
      groups: groups.map((g) => g.groupId).sort(),
    };
  }

  async findByUsername(username: string): Promise<PortalUserWithHash | null> {
    const u = await this.ds.getRepository(PortalUserEntity).findOneBy({ username: username.toLowerCase() });
    return u ? this.withGroups(u) : null;
  }

  async findById(id: string): Promise<PortalUserWithHash | null> {
    const u = await this.ds.getRepository(PortalUserEntity).findOneBy({ id });
    return u ? this.withGroups(u) : null;
  }

  /** Display names of the given user ids (ids that do not exist are left out). */
  async displayNames(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await this.ds.getRepository(PortalUserEntity).findBy({ id: In(ids) });
    return new Map(rows.map((u) => [u.id, u.displayName]));
  }

  /** Active accounts per role and per unit (the administration's overview and unit list). */
  async activeCounts(): Promise<{ byRole: Record<string, number>; byUnit: Record<string, number> }> {
    const q = (column: string) =>
      this.ds
        .getRepository(PortalUserEntity)
        .createQueryBuilder('u')
        .select(`u.${column}`, 'k')
        .addSelect('COUNT(*)', 'n')
        .where('u.active = :active', { active: true })
        .groupBy(`u.${column}`)
        .getRawMany<{ k: string | null; n: string | number }>();
    const toRecord = (rows: { k: string | null; n: string | number }[]) =>
      Object.fromEntries(rows.filter((r) => r.k !== null).map((r) => [r.k!, Number(r.n)]));
    return { byRole: toRecord(await q('role')), byUnit: toRecord(await q('unit_code')) };
  }

  /**
   * Changes the role of an existing account (an administrator granting `designer` to an officer).
   * Returns the role it had, or null when there is no such account.
   */
  async setRole(username: string, role: PortalRole): Promise<PortalRole | null> {
    const repo = this.ds.getRepository(PortalUserEntity);
    const u = await repo.findOneBy({ username: username.toLowerCase() });
    if (!u) return null;
    await repo.update({ id: u.id }, { role });
    return u.role;
  }

  /**
   * Creates the account, or replaces its name, role, hash and groups when the username exists.
   * The unit is replaced only when given (left out: an existing account keeps its unit).
   */
  async upsert(
    user: Omit<PortalUserWithHash, 'active' | 'unitCode'> & { unitCode?: string | null },
  ): Promise<void> {
    await this.ds.transaction(async (m) => {
      const repo = m.getRepository(PortalUserEntity);
      const existing = await repo.findOneBy({ username: user.username.toLowerCase() });
      const id = existing?.id ?? user.id;
      await repo.save(
        repo.create({
          id,
          username: user.username.toLowerCase(),
          displayName: user.displayName,
          passwordHash: user.passwordHash,
          role: user.role,
          active: true,
          unitCode: user.unitCode !== undefined ? user.unitCode : (existing?.unitCode ?? null),
          createdAt: existing?.createdAt ?? new Date(),
        }),
      );
      const groups = m.getRepository(PortalUserGroupEntity);
      await groups.delete({ userId: id });
      if (user.groups.length) await groups.insert(user.groups.map((groupId) => ({ userId: id, groupId })));
    });
  }
}

/** Server-side sessions, keyed by the SHA-256 of the cookie token. */
export class PortalSessionStore {
  constructor(private readonly ds: DataSource) {}

  async insert(s: PortalSession & { ip: string | null }): Promise<void> {
    await this.ds.getRepository(PortalSessionEntity).insert(s);
  }

  async find(tokenHash: string): Promise<PortalSession | null> {
    return this.ds.getRepository(PortalSessionEntity).findOneBy({ tokenHash });
  }

  async touch(tokenHash: string, at: Date): Promise<void> {
    await this.ds.getRepository(PortalSessionEntity).update({ tokenHash }, { lastSeenAt: at });
  }

  async delete(tokenHash: string): Promise<void> {
    await this.ds.getRepository(PortalSessionEntity).delete({ tokenHash });
  }

  /** Removes sessions idle since before `idleBefore` or created before `createdBefore`. */
  async purgeExpired(idleBefore: Date, createdBefore: Date): Promise<void> {
    const repo = this.ds.getRepository(PortalSessionEntity);
    await repo.delete({ lastSeenAt: LessThan(idleBefore) });
    await repo.delete({ createdAt: LessThan(createdBefore) });
  }
}

/** Dossiers submitted through the portal. */
export class DossierStore {
  constructor(private readonly ds: DataSource) {}

  private get repo() {
    return this.ds.getRepository(DossierEntity);
  }

  /** Writes the dossier before the engine is asked to start it (engine_state `starting`). */
  async insertStarting(d: {
    id: string;
    procedureKey: string;
    procedureCode: string;
    applicantId: string;
    channel: number;
    submittedAt: Date;
    submittedData: Record<string, unknown>;
  }): Promise<void> {
    await this.repo.insert({
      ...d,
      submittedData: JSON.stringify(d.submittedData),
      applicantName: applicantNameOf(d.submittedData),
      engineState: 'starting',
      processInstanceId: null,
      dossierCode: null,
      statusCode: null,
      rev: 1,
    });
  }

  async markStarted(id: string, processInstanceId: string, statusCode: number): Promise<void> {
    await this.repo.update(
      { id, engineState: 'starting' },
      { engineState: 'started', processInstanceId, statusCode },
    );
  }

  /** The compensating step when the engine refused or could not be reached. */
  async markStartFailed(id: string): Promise<void> {
    await this.repo.update(
      { id, engineState: 'starting' },
      { engineState: 'start-failed', statusCode: null },
    );
  }

  /**
   * Caches what the portal learned from the engine (code, status, due date, decision) for the
   * lists; only writes on change. A field left out keeps its cached value.
   */
  async recordProgress(
    id: string,
    p: {
      dossierCode: string | null;
      statusCode: number;
      dueDate?: string | null;
      outcome?: 'approved' | 'refused' | null;
    },
  ): Promise<void> {
    const current = await this.repo.findOneBy({ id });
    if (!current) return;
    const code = p.dossierCode ?? current.dossierCode;
    const dueDate = p.dueDate === undefined ? current.dueDate : p.dueDate;
    const outcome = p.outcome === undefined ? current.outcome : p.outcome;
    if (
      code === current.dossierCode &&
      p.statusCode === current.statusCode &&
      dueDate === current.dueDate &&
      outcome === current.outcome
    )
      return;
    // A cache of the engine's state, written by whoever read it last (pages, the background
    // refresh): it does not move `rev`, which guards the applicant's own data (a supplement's
    // replaceSubmittedData must not fail because a status was read in between).
    // `rev = rev`: TypeORM would otherwise add one to the version column on every update.
    if (dueDate === current.dueDate) {
      await this.repo.update(
        { id },
        { dossierCode: code, statusCode: p.statusCode, dueDate, outcome, rev: () => 'rev' },
      );
      return;
    }
    // The due date decides "late" and "overdue" in the report months the dossier counts in.
    await this.repo.manager.transaction(async (em) => {
      await em
        .getRepository(DossierEntity)
        .update({ id }, { dossierCode: code, statusCode: p.statusCode, dueDate, outcome, rev: () => 'rev' });
      await invalidateReportMonthsOfDossier(em, id);
    });
  }

  /**
   * Replaces the submitted data after a supplement round, only if the row is still at `rev`
   * (two supplements at once: the second is refused, nothing is overwritten unseen). True if written.
   */
  async replaceSubmittedData(id: string, rev: number, data: Record<string, unknown>): Promise<boolean> {
    const r = await this.repo.update({ id, rev }, { submittedData: JSON.stringify(data), rev: rev + 1 });
    return (r.affected ?? 0) > 0;
  }

  async findById(id: string): Promise<Dossier | null> {
    const e = await this.repo.findOneBy({ id });
    return e ? toDossier(e) : null;
  }

  async findByCode(code: string): Promise<Dossier | null> {
    const e = await this.repo.findOneBy({ dossierCode: code });
    return e ? toDossier(e) : null;
  }

  async findByProcessInstanceIds(ids: string[]): Promise<Dossier[]> {
    if (!ids.length) return [];
    return (await this.repo.findBy({ processInstanceId: In(ids) })).map(toDossier);
  }

  async listByApplicant(applicantId: string): Promise<Dossier[]> {
    return (await this.repo.find({ where: { applicantId }, order: { submittedAt: 'DESC' }, take: 200 })).map(
      toDossier,
    );
  }

  /**
   * Started dossiers still running as last seen (status unknown or not 3, 7, 8, 10), by id after
   * `afterId` (keyset paging on the primary key): the portal's background refresh walks them in
   * rounds so the cached due date and status of the officers' list follow the engine.
   */
  async listRunning(afterId: string | null, limit: number): Promise<Dossier[]> {
    const q = this.repo
      .createQueryBuilder('d')
      .where("d.engine_state = 'started'")
      .andWhere('(d.status_code IS NULL OR d.status_code NOT IN (3, 7, 8, 10))');
    if (afterId) q.andWhere('d.id > :afterId', { afterId });
    return (await q.orderBy('d.id', 'ASC').limit(limit).getMany()).map(toDossier);
  }

  /** Started dossiers whose code the portal has not seen yet (newest first). */
  async listWithoutCode(limit: number): Promise<Dossier[]> {
    const rows = await this.repo.find({
      where: { engineState: 'started', dossierCode: IsNull() },
      order: { submittedAt: 'DESC' },
      take: limit,
    });
    return rows.map(toDossier);
  }
}

/** The append-only audit trail: insert and read, never update or delete. */
export class AuditStore {
  private readonly observers: ((r: AuditRecord) => void)[] = [];

  constructor(private readonly ds: DataSource) {}

  /** Tells `observer` about every record once it is stored (the portal's sign-in metrics). */
  observe(observer: (r: AuditRecord) => void): void {
    this.observers.push(observer);
  }

  async append(r: AuditRecord, at: Date = new Date()): Promise<void> {
    await this.ds.getRepository(AuditEntryEntity).insert({
      actor: r.actor.slice(0, 120),
      action: r.action,
      target: r.target ?? null,
      detail: r.detail ? JSON.stringify(r.detail) : null,
      ip: r.ip ?? null,
      at,
    });
    for (const observer of this.observers) observer(r);
  }

  async list(filter: { action?: string; actions?: string[] } = {}, limit = 200): Promise<AuditEntry[]> {
    const where = filter.actions
      ? { action: In(filter.actions) }
      : filter.action
        ? { action: filter.action }
        : {};
    const rows = await this.ds
      .getRepository(AuditEntryEntity)
      .find({ where, order: { id: 'DESC' }, take: limit });
    return rows.map((e) => ({
      id: e.id,
      actor: e.actor,
      action: e.action,
      target: e.target,
      detail: e.detail ? (JSON.parse(e.detail) as Record<string, unknown>) : null,
      ip: e.ip,
      at: e.at,
    }));
  }
}

export interface PortalStores {
  users: PortalUserStore;
  sessions: PortalSessionStore;
  dossiers: DossierStore;
  audit: AuditStore;
  /** The dossier life's history, staff notifications and issued documents (written by workers too). */
  life: DossierLifeStore;
  /** The designer studio's drafts. */
  drafts: StudioDraftStore;
  /** Satisfaction ratings of returned results (one per dossier), for the reporting issue. */
  ratings: SatisfactionStore;
  /** The officers' dossier list (search, near-due / overdue filters, paging). */
  officerDossiers: OfficerDossierQuery;
  /** The documents uploaded to dossiers (the portal checks its own, smaller, limits first). */
  attachments: DossierAttachmentStore;
  /** The ministry's units (administration, leaders' views of their unit). */
  units: UnitStore;
  /** The reports' indicators, aggregated in SQL from the dossiers' history (issue 14). */
  indicators: IndicatorStore;
  /** Online fee payments: attempts with their gateway references, the dossier's paid-online mark. */
  payments: PaymentStore;
  /** The users' notification choices (profile page) and the notifications' outbox (issue 12). */
  notificationPreferences: NotificationPreferenceStore;
  notificationOutbox: NotificationOutboxStore;
  /** The register of candidate groups (desks, departments, leadership). */
  groups: GroupStore;
  /** The administration's account list and changes. */
  accounts: AccountAdminStore;
  /** The administration's search and export of the audit trail. */
  auditSearch: AuditQuery;
  /** The national portal sync's outbox: each dossier's sync state, resending (issue 13). */
  dvcqgOutbox: DvcqgOutboxStore;
  /** The administrators' list of dossiers by national-portal sync state. */
  dvcqgOverview: DvcqgSyncOverviewStore;
}

export function createPortalStores(ds: DataSource): PortalStores {
  return {
    users: new PortalUserStore(ds),
    sessions: new PortalSessionStore(ds),
    dossiers: new DossierStore(ds),
    audit: new AuditStore(ds),
    life: new DossierLifeStore(ds),
    drafts: new StudioDraftStore(ds),
    ratings: new SatisfactionStore(ds),
    officerDossiers: new OfficerDossierQuery(ds),
    attachments: new DossierAttachmentStore(ds, { maxBytes: MAX_ATTACHMENT_BYTES }),
    units: new UnitStore(ds),
    groups: new GroupStore(ds),
    accounts: new AccountAdminStore(ds),
    auditSearch: new AuditQuery(ds),
    indicators: new IndicatorStore(ds),
    payments: new PaymentStore(ds),
    notificationPreferences: new NotificationPreferenceStore(ds),
    notificationOutbox: new NotificationOutboxStore(ds),
    dvcqgOutbox: new DvcqgOutboxStore(ds),
    dvcqgOverview: new DvcqgSyncOverviewStore(ds),
  };
}
