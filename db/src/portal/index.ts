// Entities, migrations and stores of the portal area.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const portalEntities: Function[] = [];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const portalMigrations: Function[] = [];
