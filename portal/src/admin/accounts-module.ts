import type { PortalStores } from '@motcua/db/portal';
import type { Catalogue } from '../catalogue/catalogue.js';
import { accountsRoutes } from './accounts.routes.js';
import { GroupAdminService } from './group-admin.service.js';
import { UserAdminService } from './user-admin.service.js';

/** The accounts and groups pages' router with their services. */
export function createAccounts(d: { stores: PortalStores; catalogue: Catalogue }) {
  const s = d.stores;
  return accountsRoutes({
    users: new UserAdminService(s),
    groups: new GroupAdminService({
      groups: s.groups,
      accounts: s.accounts,
      units: s.units,
      audit: s.audit,
      catalogue: d.catalogue,
    }),
    unitStore: s.units,
    groupStore: s.groups,
    catalogue: d.catalogue,
  });
}
