import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFormSchema, type FormSchema } from '@motcua/forms';
import { CatalogueError } from './catalogue-error.js';
import { agencyNameVi } from './placeholder-filter.js';
import { readFormRefs } from './form-refs.js';
import { loadProcedureDescriptions, type ProcedureDescriptionEntry } from './load-descriptions.js';
import type { ProcedureDescription } from './procedure-description.js';

/** One procedure of the catalogue with everything needed to deploy and serve it. */
export interface CatalogueEntry {
  /** Process key = folder name = BPMN process id. */
  key: string;
  /** National procedure code (mã TTHC). */
  code: string;
  nameVi: string;
  nameEn: string;
  /** The competent unit. */
  agencyVi: string;
  /** Unit part of the dossier code. */
  unitCode: string;
  /** Legal processing time in working days, all parts together. */
  processingDays: number;
  /** The procedure's description (`catalogue/<id>.json`). */
  metadata: ProcedureDescription;
  bpmnXml: string;
  /** File name of the BPMN resource, for deployment. */
  bpmnFileName: string;
  forms: Record<string, FormSchema>;
  /** form id → file name, for deployment. */
  formFileNames: Record<string, string>;
  startFormId: string;
  /** user task id (taskDefinitionKey) → form id. */
  taskForms: Record<string, string>;
}

// src/catalogue/ and dist/catalogue/ both sit two levels below the package root.
export const PROCEDURES_DIR = fileURLToPath(new URL('../../procedures/', import.meta.url));

function loadEntry(
  dir: string,
  key: string,
  description: ProcedureDescriptionEntry | undefined,
): CatalogueEntry {
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');
  const fail = (msg: string): never => {
    throw new CatalogueError(`Procedure "${key}": ${msg}`);
  };
  if (!description) return fail('no catalogue description has this processKey');
  const metadata = description.description;
  // A deployed procedure needs the facts the workers and the portal run on.
  const code = metadata.code ?? fail('a deployable procedure needs its national code');
  const unitCode = metadata.unit.code ?? fail('a deployable procedure needs a unit code for dossier codes');
  const processingDays =
    metadata.processingTime?.totalWorkingDays ??
    fail('a deployable procedure needs its processing time in working days');
  const nameEn = metadata.name.en ?? fail('a deployable procedure needs an English name');

  const bpmnFileName = 'process.bpmn';
  const bpmnXml = read(bpmnFileName);
  if (!new RegExp(`<(?:\\w+:)?process\\b[^>]*\\bid="${key}"`).test(bpmnXml))
    fail(`process.bpmn has no process with id "${key}"`);

  const forms: Record<string, FormSchema> = {};
  const formFileNames: Record<string, string> = {};
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.form'))
    .sort()) {
    let schema: FormSchema;
    try {
      schema = parseFormSchema(JSON.parse(read(file)));
    } catch (err) {
      return fail(`${file} is not a form-js form: ${(err as Error).message}`);
    }
    if (forms[schema.id]) fail(`form id "${schema.id}" is used twice`);
    forms[schema.id] = schema;
    formFileNames[schema.id] = file;
  }

  const refs = readFormRefs(bpmnXml);
  if (!refs.startFormId) fail('the start event has no camunda:formRef');
  for (const formId of [refs.startFormId!, ...Object.values(refs.taskForms)]) {
    if (!forms[formId]) fail(`formRef "${formId}" does not resolve to a .form file`);
  }

  return {
    key,
    code,
    nameVi: metadata.name.vi,
    nameEn,
    agencyVi: agencyNameVi(metadata.unit.nameVi),
    unitCode,
    processingDays,
    metadata,
    bpmnXml,
    bpmnFileName,
    forms,
    formFileNames,
    startFormId: refs.startFormId!,
    taskForms: refs.taskForms,
  };
}

/**
 * The deployable procedures: every process model folder (`procedures/<key>/`: process.bpmn,
 * *.form) with the catalogue description whose `processKey` is that folder. Throws a
 * CatalogueError naming the procedure and the problem. Synchronous: it runs once at start-up.
 */
export function loadCatalogue(
  proceduresDir: string = PROCEDURES_DIR,
  catalogueDir?: string,
): CatalogueEntry[] {
  const byKey = new Map(
    loadProcedureDescriptions(catalogueDir, proceduresDir)
      .filter((d) => d.description.processKey)
      .map((d) => [d.description.processKey!, d]),
  );
  return readdirSync(proceduresDir)
    .filter((name) => statSync(join(proceduresDir, name)).isDirectory())
    .sort()
    .map((key) => loadEntry(join(proceduresDir, key), key, byKey.get(key)));
}

/** The catalogue entry for a national procedure code, or undefined. */
export function findProcedureByCode(catalogue: CatalogueEntry[], code: string): CatalogueEntry | undefined {
  return catalogue.find((e) => e.code === code);
}
