// Entities, migrations and store of single sign-on (issue 13).
import {
  OidcLoginAttemptEntity,
  PortalSessionOidcEntity,
  PortalUserCitizenIdEntity,
} from './sso.entities.js';
import { SsoTables1765140000000 } from './1765140000000-sso-tables.migration.js';

export * from './sso-store.js';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ssoEntities: Function[] = [
  PortalUserCitizenIdEntity,
  OidcLoginAttemptEntity,
  PortalSessionOidcEntity,
];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ssoMigrations: Function[] = [SsoTables1765140000000];
