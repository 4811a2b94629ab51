import type { DataSource } from 'typeorm';
import { ConflictError, NotFoundError, UserInputError } from '@motcua/domain';
import { UnitEntity } from './unit.entity.js';

/** A unit as the rest of the platform sees it. */
export interface Unit {
  code: string;
  nameVi: string;
  parentCode: string | null;
  active: boolean;
}

/** Letters, digits, dot, dash, underscore; starts with a letter or digit (it ends up in URLs and dossier codes). */
const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/;

function toUnit(e: UnitEntity): Unit {
  return { code: e.code, nameVi: e.nameVi, parentCode: e.parentCode, active: e.active };
}

/** The ministry's units: a tree by parent code, retired rather than deleted. */
export class UnitStore {
  constructor(private readonly ds: DataSource) {}

  private get repo() {
    return this.ds.getRepository(UnitEntity);
  }

  /** Every unit, active or not, by code. */
  async list(): Promise<Unit[]> {
    return (await this.repo.find({ order: { code: 'ASC' } })).map(toUnit);
  }

  async find(code: string): Promise<Unit | null> {
    const e = await this.repo.findOneBy({ code });
    return e ? toUnit(e) : null;
  }

  /**
   * The unit and every unit below it (what a leader of `code` sees), active or not: a retired
   * unit's dossiers still count in its parent's figures. Empty when the unit does not exist.
   */
  async subtreeCodes(code: string): Promise<string[]> {
    const all = await this.list();
    if (!all.some((u) => u.code === code)) return [];
    const children = new Map<string, string[]>();
    for (const u of all)
      if (u.parentCode) children.set(u.parentCode, [...(children.get(u.parentCode) ?? []), u.code]);
    const out: string[] = [];
    const walk = (c: string) => {
      if (out.includes(c)) return;
      out.push(c);
      for (const child of children.get(c) ?? []) walk(child);
    };
    walk(code);
    return out;
  }

  /** A new unit; the code must be free and the parent must exist. */
  async create(u: { code: string; nameVi: string; parentCode: string | null }): Promise<Unit> {
    const code = u.code.trim();
    if (!CODE.test(code))
      throw new UserInputError(
        'Mã đơn vị chỉ gồm chữ cái không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới (tối đa 50 ký tự).',
      );
    const nameVi = this.checkName(u.nameVi);
    if (await this.repo.existsBy({ code })) throw new ConflictError(`Mã đơn vị "${code}" đã được dùng.`);
    await this.checkParent(code, u.parentCode);
    const row = { code, nameVi, parentCode: u.parentCode, active: true, createdAt: new Date() };
    await this.repo.insert(row);
    return toUnit(row as UnitEntity);
  }

  /** Renames, moves or retires/reactivates a unit. Returns the unit as it was before. */
  async update(
    code: string,
    change: { nameVi?: string; parentCode?: string | null; active?: boolean },
  ): Promise<{ before: Unit; after: Unit }> {
    const current = await this.find(code);
    if (!current) throw new NotFoundError(`Không có đơn vị "${code}".`);
    const next: Unit = {
      ...current,
      ...(change.nameVi !== undefined ? { nameVi: this.checkName(change.nameVi) } : {}),
      ...(change.parentCode !== undefined ? { parentCode: change.parentCode } : {}),
      ...(change.active !== undefined ? { active: change.active } : {}),
    };
    if (next.parentCode !== current.parentCode) await this.checkParent(code, next.parentCode);
    await this.repo.update(
      { code },
      { nameVi: next.nameVi, parentCode: next.parentCode, active: next.active },
    );
    return { before: current, after: next };
  }

  private checkName(name: string): string {
    const nameVi = name.trim();
    if (!nameVi || nameVi.length > 300) throw new UserInputError('Tên đơn vị phải có từ 1 đến 300 ký tự.');
    return nameVi;
  }

  /** The parent exists and is not the unit itself nor one of its descendants (no cycles). */
  private async checkParent(code: string, parentCode: string | null): Promise<void> {
    if (parentCode === null) return;
    if (!(await this.repo.existsBy({ code: parentCode })))
      throw new UserInputError(`Không có đơn vị cấp trên "${parentCode}".`);
    if ((await this.subtreeCodes(code)).includes(parentCode) || parentCode === code)
      throw new UserInputError(
        'Đơn vị cấp trên không được là chính đơn vị này hoặc một đơn vị cấp dưới của nó.',
      );
  }
}
