import type {
  DvcqgDossierSyncState,
  DvcqgSyncOverviewPage,
  DvcqgSyncOverviewStore,
  PortalUser,
} from '@motcua/db/portal';
import type { DvcqgSyncService } from '../national-portal/dvcqg-sync.service.js';
import { ADMIN_PREFIX } from './admin-sections.js';

export const DVCQG_ADMIN_PATH = `${ADMIN_PREFIX}/dong-bo-dvcqg`;

/** The filter's values in the address, Vietnamese, and the states they mean. */
export const SYNC_STATE_SLUGS: Record<string, DvcqgDossierSyncState> = {
  loi: 'failed',
  'cho-gui': 'waiting',
  'da-gui': 'sent',
};

export const DVCQG_ADMIN_PAGE_SIZE = 20;

export interface DvcqgSyncAdminPage extends DvcqgSyncOverviewPage {
  state: DvcqgDossierSyncState | null;
  page: number;
  pageSize: number;
}

/**
 * The administrators' national-portal sync page: dossiers by sync state (failed, waiting, sent)
 * with the portal's last answer, and the resend of a failed one (the officers' resend, audited as
 * `dvcqg.resend`; the sync worker then resolves the dossier's engine incident and sends again).
 */
export class DvcqgSyncAdminService {
  constructor(private readonly d: { overview: DvcqgSyncOverviewStore; sync: DvcqgSyncService }) {}

  async list(state: DvcqgDossierSyncState | null, page: number): Promise<DvcqgSyncAdminPage> {
    const result = await this.d.overview.page({
      ...(state ? { state } : {}),
      offset: (page - 1) * DVCQG_ADMIN_PAGE_SIZE,
      limit: DVCQG_ADMIN_PAGE_SIZE,
    });
    return { ...result, state, page, pageSize: DVCQG_ADMIN_PAGE_SIZE };
  }

  /** Puts the dossier's failed rows back in the queue; how many (0 when nothing had failed). */
  resend(user: PortalUser, dossierId: string, ip: string | null): Promise<number> {
    return this.d.sync.resend(user, dossierId, ip);
  }
}
