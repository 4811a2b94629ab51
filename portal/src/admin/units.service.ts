import type { AuditStore, PortalUserStore, Unit, UnitStore } from '@motcua/db/portal';
import type { Actor } from './user-admin.service.js';

/** A unit as the list shows it: its depth in the tree and its active accounts. */
export interface UnitRow extends Unit {
  depth: number;
  parentNameVi: string | null;
  accounts: number;
}

/**
 * The ministry's units for the administration: the tree in reading order; create, rename, move,
 * retire. Every change is audited (`unit.created`, `unit.updated`).
 */
export class UnitsService {
  constructor(private readonly d: { units: UnitStore; users: PortalUserStore; audit: AuditStore }) {}

  async find(code: string): Promise<Unit | null> {
    return this.d.units.find(code);
  }

  async create(u: { code: string; nameVi: string; parentCode: string | null }, by: Actor): Promise<Unit> {
    const unit = await this.d.units.create(u);
    await this.d.audit.append({
      actor: by.actor,
      action: 'unit.created',
      target: `unit:${unit.code}`,
      detail: { nameVi: unit.nameVi, parentCode: unit.parentCode },
      ip: by.ip ?? null,
    });
    return unit;
  }

  async update(
    code: string,
    change: { nameVi: string; parentCode: string | null; active: boolean },
    by: Actor,
  ): Promise<Unit> {
    const { before, after } = await this.d.units.update(code, change);
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const k of ['nameVi', 'parentCode', 'active'] as const)
      if (before[k] !== after[k]) changes[k] = { from: before[k], to: after[k] };
    if (Object.keys(changes).length)
      await this.d.audit.append({
        actor: by.actor,
        action: 'unit.updated',
        target: `unit:${code}`,
        detail: changes,
        ip: by.ip ?? null,
      });
    return after;
  }

  /** Every unit, each parent followed by its children (by code); orphans (parent gone) at the end. */
  async tree(): Promise<UnitRow[]> {
    const all = await this.d.units.list();
    const { byUnit } = await this.d.users.activeCounts();
    const byCode = new Map(all.map((u) => [u.code, u]));
    const out: UnitRow[] = [];
    const seen = new Set<string>();
    const walk = (u: Unit, depth: number) => {
      if (seen.has(u.code)) return;
      seen.add(u.code);
      out.push({
        ...u,
        depth,
        parentNameVi: u.parentCode ? (byCode.get(u.parentCode)?.nameVi ?? null) : null,
        accounts: byUnit[u.code] ?? 0,
      });
      for (const child of all.filter((c) => c.parentCode === u.code)) walk(child, depth + 1);
    };
    for (const root of all.filter((u) => !u.parentCode || !byCode.has(u.parentCode))) walk(root, 0);
    for (const u of all) walk(u, 0);
    return out;
  }
}
