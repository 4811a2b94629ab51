import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFormSchema, type FormSchema } from '@motcua/forms';
// The generator's files are imported one by one (not its index) so that no import cycle runs
// through `catalogue/index.ts`.
import { generatedProcessKey } from '../generator/generate-procedure.js';
import { GENERATED_DIR } from '../generator/generated-files.js';
import { readFormRefs } from './form-refs.js';
import { agencyNameVi } from './placeholder-filter.js';
import { PROCEDURES_DIR, loadCatalogue, type CatalogueEntry } from './load-catalogue.js';
import { loadProcedureDescriptions, type ProcedureDescriptionEntry } from './load-descriptions.js';

/**
 * Unit part of dossier codes for a generated procedure whose description has no unit code yet
 * (motcua's own placeholder, like the skeleton's; `UNIT_CODE` overrides it in the workers).
 */
export const DEFAULT_UNIT_CODE = 'BKHCN';

/** A file deployed with a procedure besides its BPMN and forms (the generated fee table, `fee.dmn`). */
export interface ExtraResource {
  name: string;
  content: string;
  contentType: string;
}

/** A procedure the platform publishes: a catalogue entry, plus the generated one's extra files. */
export type PublishedEntry = CatalogueEntry & {
  /** `generated` for a process of `processes/generated/`, `hand-modelled` for `processes/procedures/`. */
  origin: 'hand-modelled' | 'generated';
  extraResources: ExtraResource[];
};

export interface PublishedCatalogueOptions {
  proceduresDir?: string;
  generatedDir?: string;
  catalogueDir?: string;
  defaultUnitCode?: string;
  /**
   * Keys of generated processes to serve although their description is not publishable (legal
   * clock unknown: no dates, no deadlines) — for tests and previews of steps no published
   * procedure has yet, such as the payment wait. Never set in production.
   */
  alsoServe?: string[];
}

function generatedEntry(
  dir: string,
  key: string,
  d: ProcedureDescriptionEntry,
  defaultUnitCode: string,
): PublishedEntry | null {
  const bpmnFile = join(dir, 'process.bpmn');
  if (!existsSync(bpmnFile)) return null;
  const bpmnXml = readFileSync(bpmnFile, 'utf8');
  const forms: Record<string, FormSchema> = {};
  const formFileNames: Record<string, string> = {};
  const extraResources: ExtraResource[] = [];
  for (const file of readdirSync(dir).sort()) {
    const content = readFileSync(join(dir, file), 'utf8');
    if (file.endsWith('.form')) {
      const schema = parseFormSchema(JSON.parse(content));
      forms[schema.id] = schema;
      formFileNames[schema.id] = file;
    } else if (file.endsWith('.dmn')) {
      extraResources.push({ name: file, content, contentType: 'text/xml' });
    }
  }
  const refs = readFormRefs(bpmnXml);
  if (!refs.startFormId || !forms[refs.startFormId]) return null;
  const description = d.description;
  return {
    key,
    // A procedure without a national code yet is known by its catalogue id.
    code: description.code ?? description.id,
    nameVi: description.name.vi,
    nameEn: description.name.en ?? '',
    // The catalogue's example text ("ví dụ Tiền Giang") never reaches a letter or a page.
    agencyVi: agencyNameVi(description.unit.nameVi),
    unitCode: description.unit.code ?? defaultUnitCode,
    // 0 when the law counts calendar days or months: the process carries its `legalClock`, and the
    // receipt computes the dates from it, never from this number.
    processingDays: d.generation.legalWorkingDays ?? 0,
    metadata: description,
    bpmnXml,
    bpmnFileName: 'process.bpmn',
    forms,
    formFileNames,
    startFormId: refs.startFormId,
    taskForms: refs.taskForms,
    origin: 'generated',
    extraResources,
  };
}

/**
 * The procedures `npm start` deploys and the workers serve: the hand-modelled ones of
 * `processes/procedures/` (loadCatalogue), then every generated process of `processes/generated/`
 * whose description the processes package marks `publishable` (its legal clock is known — in
 * working days, calendar days or months — so due dates can be computed). A hand model wins over
 * the generated process of the same key (the skeleton procedure keeps its reviewed model).
 */
export function loadPublishedCatalogue(options: PublishedCatalogueOptions = {}): PublishedEntry[] {
  const proceduresDir = options.proceduresDir ?? PROCEDURES_DIR;
  const generatedDir = options.generatedDir ?? GENERATED_DIR;
  const hand: PublishedEntry[] = loadCatalogue(proceduresDir, options.catalogueDir).map((e) => ({
    ...e,
    origin: 'hand-modelled',
    extraResources: [],
  }));
  const keys = new Set(hand.map((e) => e.key));
  const codes = new Set(hand.map((e) => e.code));
  const generated: PublishedEntry[] = [];
  for (const d of loadProcedureDescriptions(options.catalogueDir, proceduresDir)) {
    const key = generatedProcessKey(d.description);
    if (!d.generation.publishable && !options.alsoServe?.includes(key)) continue;
    if (keys.has(key) || codes.has(d.description.code ?? d.description.id)) continue;
    const entry = generatedEntry(
      join(generatedDir, key),
      key,
      d,
      options.defaultUnitCode ?? DEFAULT_UNIT_CODE,
    );
    if (entry) generated.push(entry);
  }
  return [...hand, ...generated];
}
