import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFormSchema, type FormSchema } from '@motcua/forms';
import { readFormRefs } from './form-refs.js';
import { procedureMetadataSchema, type ProcedureMetadata } from './procedure-metadata.js';

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
  metadata: ProcedureMetadata;
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
const PROCEDURES_DIR = fileURLToPath(new URL('../../procedures/', import.meta.url));

export class CatalogueError extends Error {}

function loadEntry(dir: string, key: string): CatalogueEntry {
  const read = (file: string) => readFileSync(join(dir, file), 'utf8');
  const fail = (msg: string): never => {
    throw new CatalogueError(`Procedure "${key}": ${msg}`);
  };
  const parsed = procedureMetadataSchema.safeParse(JSON.parse(read('procedure.json')));
  if (!parsed.success) fail(`invalid procedure.json: ${parsed.error.message}`);
  const metadata = parsed.data!;
  if (metadata.key !== key) fail(`procedure.json key "${metadata.key}" differs from its folder`);

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
    code: metadata.code,
    nameVi: metadata.nameVi,
    nameEn: metadata.nameEn,
    agencyVi: metadata.unit.nameVi,
    unitCode: metadata.unit.code,
    processingDays: metadata.processingTime.totalWorkingDays,
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
 * Reads and validates every procedure folder (`procedures/<key>/`: procedure.json, process.bpmn,
 * *.form). Throws a CatalogueError naming the procedure and the problem. Synchronous: it runs once
 * at start-up.
 */
export function loadCatalogue(proceduresDir: string = PROCEDURES_DIR): CatalogueEntry[] {
  return readdirSync(proceduresDir)
    .filter((name) => statSync(join(proceduresDir, name)).isDirectory())
    .sort()
    .map((key) => loadEntry(join(proceduresDir, key), key));
}

/** The catalogue entry for a national procedure code, or undefined. */
export function findProcedureByCode(catalogue: CatalogueEntry[], code: string): CatalogueEntry | undefined {
  return catalogue.find((e) => e.code === code);
}
