import {
  generateProcedure,
  generatedProcessKey,
  loadProcedureDescriptions,
  type ProcedureDescriptionEntry,
} from '@motcua/processes';
import type { Catalogue } from '../catalogue/catalogue.js';

/** The files a draft starts from: BPMN, forms (id → schema, file name) and the fee table. */
export interface ModelFiles {
  bpmnXml: string;
  forms: Record<string, unknown>;
  formFileNames: Record<string, string>;
  bpmnFileName: string;
  dmnXml: string | null;
}

/** A catalogue procedure as the studio lists it. */
export interface StudioProcedure {
  key: string;
  code: string | null;
  nameVi: string;
  /** Served to applicants by this portal (the published catalogue). */
  published: boolean;
}

const FEE_DMN = 'fee.dmn';

/** The generator's output as model files (form ids are the `id` inside each `.form`). */
function generatedFiles(description: ProcedureDescriptionEntry['description']): ModelFiles {
  const generated = generateProcedure(description);
  const forms: Record<string, unknown> = {};
  const formFileNames: Record<string, string> = {};
  for (const [name, content] of Object.entries(generated.files)) {
    if (!name.endsWith('.form')) continue;
    const schema = JSON.parse(content) as { id: string };
    forms[schema.id] = schema;
    formFileNames[schema.id] = name;
  }
  return {
    bpmnXml: generated.files['process.bpmn']!,
    forms,
    formFileNames,
    bpmnFileName: 'process.bpmn',
    dmnXml: generated.files[FEE_DMN] ?? null,
  };
}

/**
 * Where the studio's models come from: every description of the catalogue (`catalogue/*.json`),
 * the model the portal publishes for it (hand-modelled or generated), and the legal dossier-life
 * template made by the generator's blocks (`generateProcedure`), never re-typed here.
 */
export class ProcedureSources {
  private readonly descriptions: Map<string, ProcedureDescriptionEntry>;
  readonly procedures: StudioProcedure[];

  constructor(private readonly catalogue: Catalogue) {
    this.descriptions = new Map();
    for (const entry of loadProcedureDescriptions()) {
      const d = entry.description;
      this.descriptions.set(d.processKey ?? generatedProcessKey(d), entry);
    }
    this.procedures = [...this.descriptions.entries()].map(([key, e]) => ({
      key,
      code: e.description.code ?? null,
      nameVi: e.description.name.vi,
      published: catalogue.get(key) !== undefined,
    }));
  }

  get(key: string): StudioProcedure | undefined {
    return this.procedures.find((p) => p.key === key);
  }

  /** The model the catalogue has for a procedure: the published one, else the generated one. */
  catalogueModel(key: string): ModelFiles {
    const entry = this.catalogue.get(key) as
      | (ReturnType<Catalogue['get']> & { extraResources?: Array<{ name: string; content: string }> })
      | undefined;
    if (entry)
      return {
        bpmnXml: entry.bpmnXml,
        forms: { ...entry.forms },
        formFileNames: { ...entry.formFileNames },
        bpmnFileName: entry.bpmnFileName,
        dmnXml: entry.extraResources?.find((r) => r.name.endsWith('.dmn'))?.content ?? null,
      };
    return this.template(key);
  }

  /** The legal dossier life generated for the procedure's description. */
  template(key: string): ModelFiles {
    const entry = this.descriptions.get(key);
    if (!entry) throw new Error(`unknown procedure ${key}`);
    return generatedFiles(entry.description);
  }
}
