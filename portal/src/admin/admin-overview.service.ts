import type { PortalUserStore, UnitStore } from '@motcua/db/portal';

export interface AdminOverview {
  accountsByRole: Record<string, number>;
  activeUnits: number;
  units: number;
}

/** The figures on the administration's first page. */
export class AdminOverviewService {
  constructor(private readonly d: { units: UnitStore; users: PortalUserStore }) {}

  async overview(): Promise<AdminOverview> {
    const units = await this.d.units.list();
    const { byRole } = await this.d.users.activeCounts();
    return { accountsByRole: byRole, activeUnits: units.filter((u) => u.active).length, units: units.length };
  }
}
