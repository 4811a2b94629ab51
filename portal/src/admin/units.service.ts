import type { PortalUserStore, Unit, UnitStore } from '@motcua/db';

/** A unit as the list shows it: its depth in the tree and its active accounts. */
export interface UnitRow extends Unit {
  depth: number;
  parentNameVi: string | null;
  accounts: number;
}

/** The ministry's units for the administration: the tree in reading order. */
export class UnitsService {
  constructor(private readonly d: { units: UnitStore; users: PortalUserStore }) {}

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
