import type { OfficerDossierQuery, Dossier, PortalUser } from '@motcua/db/portal';
import { matchesFolded } from '@motcua/processes';
import type { Catalogue, CatalogueEntry } from '../catalogue/catalogue.js';
import { dueWindow } from './due-state.js';
import { mayAct } from './procedure-groups.js';

export const PAGE_SIZE = 20;

/** The list's query as the officer typed it (already checked by the route). */
export interface OfficerListQuery {
  code?: string;
  applicant?: string;
  /** Part of the procedure's name or its code, diacritics ignored. */
  procedure?: string;
  statusCode?: number;
  due?: 'near' | 'overdue';
  page: number;
}

export interface OfficerListRow {
  dossier: Dossier;
  procedure: CatalogueEntry | undefined;
}

export interface OfficerListPage {
  rows: OfficerListRow[];
  total: number;
  page: number;
  pages: number;
  /** The procedures the officer's groups have a step in (the filter's choices). */
  procedures: CatalogueEntry[];
}

/**
 * The dossiers of the officer's units: the procedures whose BPMN gives one of the officer's groups
 * a step (the same rule as opening a dossier). The procedure search is resolved against the
 * catalogue here; everything else is filtered, counted and paged in SQL (OfficerDossierQuery).
 */
export class OfficerDossierListService {
  constructor(
    private readonly deps: {
      catalogue: Catalogue;
      query: OfficerDossierQuery;
      clock?: () => Date;
    },
  ) {}

  proceduresOf(user: PortalUser): CatalogueEntry[] {
    return this.deps.catalogue.entries.filter((e) => mayAct(user.groups, e, 'view'));
  }

  async list(user: PortalUser, q: OfficerListQuery): Promise<OfficerListPage> {
    const procedures = this.proceduresOf(user);
    // Every word of the search in the code or name, diacritics ignored (as the public catalogue).
    const keys = procedures
      .filter((e) => !q.procedure || matchesFolded(`${e.code} ${e.nameVi}`, q.procedure))
      .map((e) => e.key);
    const { today, nearUntil } = dueWindow((this.deps.clock ?? (() => new Date()))());
    const found = await this.deps.query.list({
      procedureKeys: keys,
      ...(q.code ? { code: q.code } : {}),
      ...(q.applicant ? { applicant: q.applicant } : {}),
      ...(q.statusCode !== undefined ? { statusCode: q.statusCode } : {}),
      ...(q.due ? { due: q.due } : {}),
      today,
      nearUntil,
      page: q.page,
      pageSize: PAGE_SIZE,
    });
    const byKey = new Map(procedures.map((e) => [e.key, e]));
    return {
      rows: found.rows.map((dossier) => ({ dossier, procedure: byKey.get(dossier.procedureKey) })),
      total: found.total,
      page: q.page,
      pages: Math.max(1, Math.ceil(found.total / PAGE_SIZE)),
      procedures,
    };
  }
}
