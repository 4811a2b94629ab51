import { UserInputError } from '@motcua/domain';
import {
  GROUP_KINDS,
  type AccountAdminStore,
  type AuditStore,
  type GroupKind,
  type GroupStore,
  type PortalGroup,
  type PortalUser,
  type UnitStore,
} from '@motcua/db/portal';
import type { Catalogue } from '../catalogue/catalogue.js';
import { stepsByGroup, type GroupStep } from './group-usage.js';
import type { Actor } from './user-admin.service.js';

export interface GroupRow extends PortalGroup {
  members: number;
  steps: number;
  /** Named in a procedure's model but missing from the register (a designer's typo, say). */
  unregistered?: boolean;
}

export interface GroupView {
  group: PortalGroup;
  members: PortalUser[];
  steps: GroupStep[];
}

export interface GroupInput {
  nameVi: string;
  kind: string;
  unitCode: string | null;
}

export const KIND_VI: Record<GroupKind, string> = {
  desk: 'Bộ phận một cửa',
  department: 'Phòng chuyên môn',
  leadership: 'Lãnh đạo',
};

/**
 * The candidate groups: the register with members and the procedure steps each works in; create,
 * rename, retire. Every change is audited (`group.created`, `group.updated`).
 */
export class GroupAdminService {
  constructor(
    private readonly d: {
      groups: GroupStore;
      accounts: AccountAdminStore;
      units: UnitStore;
      audit: AuditStore;
      catalogue: Catalogue;
    },
  ) {}

  /** The register, plus the groups the models name that are not registered yet. */
  async list(): Promise<GroupRow[]> {
    const [groups, members] = await Promise.all([this.d.groups.list(), this.d.accounts.memberCounts()]);
    const steps = stepsByGroup(this.d.catalogue);
    const rows: GroupRow[] = groups.map((g) => ({
      ...g,
      members: members[g.id] ?? 0,
      steps: steps.get(g.id)?.length ?? 0,
    }));
    for (const [id, s] of steps)
      if (!groups.some((g) => g.id === id))
        rows.push({
          id,
          nameVi: id,
          kind: 'department',
          unitCode: null,
          active: false,
          members: members[id] ?? 0,
          steps: s.length,
          unregistered: true,
        });
    return rows;
  }

  async view(id: string): Promise<GroupView | null> {
    const group = await this.d.groups.find(id);
    if (!group) return null;
    const { rows } = await this.d.accounts.list({ groupId: id, offset: 0, limit: 500 });
    return { group, members: rows, steps: stepsByGroup(this.d.catalogue).get(id) ?? [] };
  }

  async create(input: GroupInput & { id: string }, by: Actor): Promise<PortalGroup> {
    const fields = await this.check(input);
    const group = await this.d.groups.create({ id: input.id, ...fields });
    await this.d.audit.append({
      actor: by.actor,
      action: 'group.created',
      target: `group:${group.id}`,
      detail: { nameVi: group.nameVi, kind: group.kind, unitCode: group.unitCode },
      ip: by.ip ?? null,
    });
    return group;
  }

  async update(id: string, input: GroupInput & { active: boolean }, by: Actor): Promise<PortalGroup> {
    const fields = await this.check(input);
    const { before, after } = await this.d.groups.update(id, { ...fields, active: input.active });
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const k of ['nameVi', 'kind', 'unitCode', 'active'] as const)
      if (before[k] !== after[k]) changes[k] = { from: before[k], to: after[k] };
    if (Object.keys(changes).length)
      await this.d.audit.append({
        actor: by.actor,
        action: 'group.updated',
        target: `group:${id}`,
        detail: changes,
        ip: by.ip ?? null,
      });
    return after;
  }

  private async check(
    input: GroupInput,
  ): Promise<{ nameVi: string; kind: GroupKind; unitCode: string | null }> {
    if (!(GROUP_KINDS as readonly string[]).includes(input.kind))
      throw new UserInputError('Hãy chọn loại nhóm.');
    if (input.unitCode && !(await this.d.units.find(input.unitCode)))
      throw new UserInputError(`Không có đơn vị "${input.unitCode}".`);
    return { nameVi: input.nameVi, kind: input.kind as GroupKind, unitCode: input.unitCode || null };
  }
}
