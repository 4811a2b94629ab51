import { NotFoundError, statusLabelVi, type DossierStatusCode } from '@motcua/domain';
import type { Dossier, DossierHistoryEntry, DossierLifeStore, DossierStore } from '@motcua/db/portal';
import type { Catalogue } from '../catalogue/catalogue.js';
import type { IncidentRow, IncidentsService } from './incidents.service.js';

/** A dossier as an operator sees it: its facts, its history and its open incidents. */
export interface AdminDossierView {
  dossier: Dossier;
  procedureName: string;
  statusVi: string | null;
  history: DossierHistoryEntry[];
  incidents: IncidentRow[];
}

/** The administration's read-only view of one dossier (the link from an incident). */
export class AdminDossierService {
  constructor(
    private readonly d: {
      dossiers: DossierStore;
      life: DossierLifeStore;
      catalogue: Catalogue;
      incidents: IncidentsService;
    },
  ) {}

  async view(id: string): Promise<AdminDossierView> {
    const dossier = await this.d.dossiers.findById(id);
    if (!dossier) throw new NotFoundError('Không có hồ sơ này.');
    const [history, incidents] = await Promise.all([
      this.d.life.listHistory(dossier.id),
      dossier.processInstanceId
        ? this.d.incidents.list(1, { processInstanceId: dossier.processInstanceId }).then((p) => p.rows)
        : Promise.resolve([]),
    ]);
    return {
      dossier,
      procedureName: this.d.catalogue.get(dossier.procedureKey)?.nameVi ?? dossier.procedureKey,
      statusVi: dossier.statusCode !== null ? statusLabelVi(dossier.statusCode as DossierStatusCode) : null,
      history,
      incidents,
    };
  }
}
