import { z } from 'zod';
import { NotFoundError } from '@motcua/domain';
import type { Dossier, DossierLifeStore } from '@motcua/db/portal';
import type { CatalogueEntry } from '../catalogue/catalogue.js';
import { availableForms, legalFormPage, REFUSAL_LETTER, type LegalFormNo } from '../views/legal-forms.js';
import type { DossierService } from './dossier-service.js';

const formNo = z.enum(['01', '02', '03', '04', '05', REFUSAL_LETTER]);

/** The print view of one legal form of the dossier; 404 when its life has not produced that form. */
export async function printView(
  d: { dossiers: DossierService; lifeStore: DossierLifeStore },
  dossier: Dossier,
  procedure: CatalogueEntry | undefined,
  rawNo: string | undefined,
  backHref: string,
): Promise<string> {
  const no = formNo.safeParse(rawNo);
  if (!no.success) throw new NotFoundError('No such form');
  const progress = await d.dossiers.progressOf(dossier).catch(() => null);
  const [history, documents] = await Promise.all([
    d.lifeStore.listHistory(dossier.id),
    d.lifeStore.listDocuments(dossier.id),
  ]);
  const facts = { dossier, procedure, progress, history, documents };
  const form = availableForms(facts).find((f) => f.no === (no.data as LegalFormNo));
  if (!form) throw new NotFoundError('This form was not issued for the dossier');
  return legalFormPage(facts, form, backHref).toString();
}
