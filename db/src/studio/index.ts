// Entities, migrations and stores of the designer studio (drafts of procedures).
import { StudioDrafts1765000300000 } from './1765000300000-studio-drafts.migration.js';
import { StudioDraftEntity } from './studio-draft.entity.js';

export * from './studio-draft-store.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const studioEntities: Function[] = [StudioDraftEntity];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const studioMigrations: Function[] = [StudioDrafts1765000300000];
