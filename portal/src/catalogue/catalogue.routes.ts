import Router from '@koa/router';
import { NotFoundError } from '@motcua/domain';
import { SubmissionNotStartedError, type DossierService } from '../dossiers/dossier-service.js';
import { scopes } from '../documents/document-scopes.js';
import { procedureDocuments } from '../documents/document-slots.js';
import type { DocumentService } from '../documents/document.service.js';
import { pageContext, type PortalState } from '../http/state.js';
import { documentUploadSlots } from '../views/document-parts.js';
import { homePage, procedurePage } from '../views/procedure-pages.js';
import type { Catalogue } from './catalogue.js';
import { catalogueFilterOptions, parseCatalogueQuery, searchCatalogue } from './catalogue-search.js';
import { procedureFacts } from './procedure-facts.js';

/** The public catalogue: the list with search and filters, and each procedure's page. */
export function catalogueRoutes(d: {
  catalogue: Catalogue;
  /** The start form of the latest deployed version, as the engine serves it. */
  forms: Pick<DossierService, 'startFormFor'>;
  /** The documents' upload slots beside the form (an applicant's staged uploads listed again). */
  documents: DocumentService;
}): Router<PortalState> {
  const router = new Router<PortalState>();
  // The catalogue is fixed for the process's life: its facts are worked out once.
  const facts = d.catalogue.entries.map(procedureFacts);
  const byKey = new Map(facts.map((f) => [f.key, f]));
  const options = catalogueFilterOptions(facts);

  router.get('/', (ctx) => {
    const query = parseCatalogueQuery(ctx.query);
    ctx.type = 'html';
    ctx.body = homePage(pageContext(ctx), {
      results: searchCatalogue(facts, query),
      total: facts.length,
      query,
      options,
    }).toString();
  });

  router.get('/thu-tuc/:key', async (ctx) => {
    const entry = d.catalogue.get(ctx.params.key!);
    const f = entry && byKey.get(entry.key);
    if (!entry || !f) throw new NotFoundError('No such procedure');
    // Only applicants fill the form. The engine down or the procedure not deployed yet: the page
    // still says what to know before applying, and that the form is unavailable.
    const form =
      ctx.state.user?.role === 'applicant'
        ? await d.forms.startFormFor(entry).catch((err: unknown) => {
            if (err instanceof SubmissionNotStartedError || err instanceof NotFoundError) return null;
            throw err;
          })
        : undefined;
    const user = ctx.state.user;
    // An applicant's uploads so far (kept across reloads until sent or expired).
    const staged =
      user?.role === 'applicant' ? await d.documents.staged(user.id, scopes.apply(entry.key)) : [];
    ctx.type = 'html';
    ctx.body = procedurePage(pageContext(ctx), f, form?.schema, {
      formUnavailable: form === null,
      ...(form ? { definitionVersion: form.definitionVersion } : {}),
      uploadSlots: documentUploadSlots({
        slots: procedureDocuments(entry).slots,
        uploadUrl: `/thu-tuc/${encodeURIComponent(entry.key)}/tai-lieu`,
        maxFileBytes: d.documents.limits.maxFileBytes,
        staged,
        title: 'Tải lên thành phần hồ sơ',
      }),
    }).toString();
  });

  return router;
}
