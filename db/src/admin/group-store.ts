import type { DataSource } from 'typeorm';
import { ConflictError, NotFoundError, UserInputError } from '@motcua/domain';
import { PortalGroupEntity } from './group.entity.js';

export type GroupKind = 'desk' | 'department' | 'leadership';
export const GROUP_KINDS: readonly GroupKind[] = ['desk', 'department', 'leadership'];

/** A candidate group as the rest of the platform sees it. */
export interface PortalGroup {
  id: string;
  nameVi: string;
  kind: GroupKind;
  unitCode: string | null;
  active: boolean;
}

/** The id is what BPMN models name in camunda:candidateGroups: lower-case letters, digits, dashes. */
const GROUP_ID = /^[a-z0-9][a-z0-9-]{0,99}$/;

function toGroup(e: PortalGroupEntity): PortalGroup {
  return {
    id: e.id,
    nameVi: e.nameVi,
    kind: (GROUP_KINDS as readonly string[]).includes(e.kind) ? (e.kind as GroupKind) : 'department',
    unitCode: e.unitCode,
    active: e.active,
  };
}

/** The register of candidate groups (desks, departments, leadership). */
export class GroupStore {
  constructor(private readonly ds: DataSource) {}

  private get repo() {
    return this.ds.getRepository(PortalGroupEntity);
  }

  async list(): Promise<PortalGroup[]> {
    return (await this.repo.find({ order: { id: 'ASC' } })).map(toGroup);
  }

  async find(id: string): Promise<PortalGroup | null> {
    const e = await this.repo.findOneBy({ id });
    return e ? toGroup(e) : null;
  }

  async create(g: {
    id: string;
    nameVi: string;
    kind: GroupKind;
    unitCode: string | null;
  }): Promise<PortalGroup> {
    const id = g.id.trim();
    if (!GROUP_ID.test(id))
      throw new UserInputError(
        'Mã nhóm chỉ gồm chữ thường không dấu, chữ số và dấu gạch ngang (là tên nhóm trong mô hình quy trình).',
      );
    if (await this.repo.existsBy({ id })) throw new ConflictError(`Mã nhóm "${id}" đã được dùng.`);
    const row = { ...g, id, nameVi: checkName(g.nameVi), active: true, createdAt: new Date() };
    await this.repo.insert(row);
    return toGroup(row as PortalGroupEntity);
  }

  async update(
    id: string,
    change: { nameVi?: string; kind?: GroupKind; unitCode?: string | null; active?: boolean },
  ): Promise<{ before: PortalGroup; after: PortalGroup }> {
    const before = await this.find(id);
    if (!before) throw new NotFoundError(`Không có nhóm "${id}".`);
    const after: PortalGroup = {
      ...before,
      ...(change.nameVi !== undefined ? { nameVi: checkName(change.nameVi) } : {}),
      ...(change.kind !== undefined ? { kind: change.kind } : {}),
      ...(change.unitCode !== undefined ? { unitCode: change.unitCode } : {}),
      ...(change.active !== undefined ? { active: change.active } : {}),
    };
    await this.repo.update(
      { id },
      { nameVi: after.nameVi, kind: after.kind, unitCode: after.unitCode, active: after.active },
    );
    return { before, after };
  }
}

function checkName(name: string): string {
  const nameVi = name.trim();
  if (!nameVi || nameVi.length > 200) throw new UserInputError('Tên nhóm phải có từ 1 đến 200 ký tự.');
  return nameVi;
}
