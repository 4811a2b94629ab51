import { In, type DataSource } from 'typeorm';
import { ConflictError, NotFoundError } from '@motcua/domain';
import { PortalUserEntity, PortalUserGroupEntity, type PortalRole } from '../portal/portal-user.entity.js';
import type { PortalUser } from '../portal/portal-stores.js';

export interface AccountQuery {
  /** Part of the username or the display name (case-insensitive). */
  text?: string;
  role?: PortalRole;
  unitCode?: string;
  groupId?: string;
  active?: boolean;
  offset: number;
  limit: number;
}

export interface AccountChange {
  displayName?: string;
  role?: PortalRole;
  unitCode?: string | null;
  groups?: string[];
  active?: boolean;
}

/**
 * The administration's reads and writes of portal accounts (list, create, change, disable) and
 * their group memberships. Kept apart from PortalUserStore, which serves sign-in and sessions.
 */
export class AccountAdminStore {
  constructor(private readonly ds: DataSource) {}

  private async groupsOf(ids: string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>(ids.map((id) => [id, []]));
    if (!ids.length) return out;
    const rows = await this.ds.getRepository(PortalUserGroupEntity).findBy({ userId: In(ids) });
    for (const r of rows) out.get(r.userId)!.push(r.groupId);
    for (const g of out.values()) g.sort();
    return out;
  }

  private toUser(u: PortalUserEntity, groups: string[]): PortalUser {
    return {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      groups,
      active: u.active,
      unitCode: u.unitCode ?? null,
    };
  }

  /** One page of accounts by username, with the total that match. */
  async list(q: AccountQuery): Promise<{ rows: PortalUser[]; total: number }> {
    const qb = this.ds.getRepository(PortalUserEntity).createQueryBuilder('u');
    if (q.text) {
      // '!' escapes LIKE's wildcards: a backslash would need escaping differently on MySQL and SQLite.
      const like = `%${q.text.toLowerCase().replace(/[!%_]/g, (c) => `!${c}`)}%`;
      qb.andWhere(
        "(LOWER(u.username) LIKE :like ESCAPE '!' OR LOWER(u.display_name) LIKE :like ESCAPE '!')",
        {
          like,
        },
      );
    }
    if (q.role) qb.andWhere('u.role = :role', { role: q.role });
    if (q.unitCode) qb.andWhere('u.unit_code = :unit', { unit: q.unitCode });
    if (q.active !== undefined) qb.andWhere('u.active = :active', { active: q.active });
    if (q.groupId)
      qb.andWhere('u.id IN (SELECT g.user_id FROM portal_user_group g WHERE g.group_id = :groupId)', {
        groupId: q.groupId,
      });
    const [rows, total] = await qb
      .orderBy('u.username', 'ASC')
      .skip(q.offset)
      .take(q.limit)
      .getManyAndCount();
    const groups = await this.groupsOf(rows.map((r) => r.id));
    return { rows: rows.map((r) => this.toUser(r, groups.get(r.id)!)), total };
  }

  async find(id: string): Promise<PortalUser | null> {
    const u = await this.ds.getRepository(PortalUserEntity).findOneBy({ id });
    return u ? this.toUser(u, (await this.groupsOf([u.id])).get(u.id)!) : null;
  }

  /** A new account; ConflictError when the username is taken. */
  async create(a: {
    id: string;
    username: string;
    displayName: string;
    passwordHash: string;
    role: PortalRole;
    unitCode: string | null;
    groups: string[];
  }): Promise<PortalUser> {
    const username = a.username.toLowerCase();
    await this.ds.transaction(async (m) => {
      const repo = m.getRepository(PortalUserEntity);
      if (await repo.existsBy({ username }))
        throw new ConflictError(`Tên đăng nhập "${username}" đã được dùng.`);
      await repo.insert({
        id: a.id,
        username,
        displayName: a.displayName,
        passwordHash: a.passwordHash,
        role: a.role,
        unitCode: a.unitCode,
        active: true,
        createdAt: new Date(),
      });
      if (a.groups.length)
        await m
          .getRepository(PortalUserGroupEntity)
          .insert(a.groups.map((groupId) => ({ userId: a.id, groupId })));
    });
    return (await this.find(a.id))!;
  }

  /** Changes the given fields (groups: the whole new list) in one transaction. */
  async update(id: string, change: AccountChange): Promise<{ before: PortalUser; after: PortalUser }> {
    const before = await this.find(id);
    if (!before) throw new NotFoundError('Không có tài khoản này.');
    await this.ds.transaction(async (m) => {
      const fields: Partial<PortalUserEntity> = {};
      if (change.displayName !== undefined) fields.displayName = change.displayName;
      if (change.role !== undefined) fields.role = change.role;
      if (change.unitCode !== undefined) fields.unitCode = change.unitCode;
      if (change.active !== undefined) fields.active = change.active;
      if (Object.keys(fields).length) await m.getRepository(PortalUserEntity).update({ id }, fields);
      if (change.groups) {
        const groups = m.getRepository(PortalUserGroupEntity);
        await groups.delete({ userId: id });
        const unique = [...new Set(change.groups)];
        if (unique.length) await groups.insert(unique.map((groupId) => ({ userId: id, groupId })));
      }
    });
    return { before, after: (await this.find(id))! };
  }

  /** Members per group (active accounts). */
  async memberCounts(): Promise<Record<string, number>> {
    const rows = await this.ds
      .getRepository(PortalUserGroupEntity)
      .createQueryBuilder('g')
      .innerJoin(PortalUserEntity, 'u', 'u.id = g.user_id')
      .select('g.group_id', 'k')
      .addSelect('COUNT(*)', 'n')
      .where('u.active = :active', { active: true })
      .groupBy('g.group_id')
      .getRawMany<{ k: string; n: string | number }>();
    return Object.fromEntries(rows.map((r) => [r.k, Number(r.n)]));
  }
}
