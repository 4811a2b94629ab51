// Entities, migration and store of the file storage (engine variables and attachments; portal uploads).
import { FileStorage1764000900000 } from './1764000900000-file-storage.migration.js';
import { EngineAttachment, FileContentEntity, FileObjectEntity } from './file.entities.js';

export * from './file-store.js';
export { EngineAttachment } from './file.entities.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const fileEntities: Function[] = [FileContentEntity, FileObjectEntity, EngineAttachment];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const fileMigrations: Function[] = [FileStorage1764000900000];
