// Entities, migrations and stores of the engine area.
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const engineEntities: Function[] = [];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const engineMigrations: Function[] = [];
