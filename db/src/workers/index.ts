// Entities, migrations and stores of the workers area.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const workerEntities: Function[] = [];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const workerMigrations: Function[] = [];
