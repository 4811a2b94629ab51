// Entities, migrations and stores of the national-portal (Cổng DVCQG) sync.
import { DvcqgInboundEntity, DvcqgOutboxEntity } from './dvcqg-outbox.entity.js';
import { DvcqgSync1765130000000 } from './1765130000000-dvcqg-sync.migration.js';
import { DvcqgIncident1765320000000 } from './1765320000000-dvcqg-incident.migration.js';

export type { DvcqgOutboxState } from './dvcqg-outbox.entity.js';
export * from './dvcqg-outbox-store.js';
export * from './dvcqg-sync-overview-store.js';
export * from './dvcqg-inbound-store.js';
export * from './dvcqg-dossier-snapshot.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const dvcqgEntities: Function[] = [DvcqgOutboxEntity, DvcqgInboundEntity];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const dvcqgMigrations: Function[] = [DvcqgSync1765130000000, DvcqgIncident1765320000000];
