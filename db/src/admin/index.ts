// Entities, migrations and stores of the administration area (issue 14): the ministry's units.
import { AdminUnits1765150000000 } from './1765150000000-admin-units.migration.js';
import { UnitEntity } from './unit.entity.js';
import { AdminGroups1765150100000 } from './1765150100000-admin-groups.migration.js';
import { PortalGroupEntity } from './group.entity.js';
import { AdminAuditIndexes1765150200000 } from './1765150200000-admin-audit-indexes.migration.js';

export * from './unit-store.js';
export * from './group-store.js';
export * from './account-admin-store.js';
export * from './audit-query.js';
export { MINISTRY_ROOT_UNIT, MINISTRY_UNITS, type SeedUnit } from './ministry-units.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const adminEntities: Function[] = [UnitEntity, PortalGroupEntity];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const adminMigrations: Function[] = [
  AdminUnits1765150000000,
  AdminGroups1765150100000,
  AdminAuditIndexes1765150200000,
];
