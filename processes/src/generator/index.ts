export {
  generateProcedure,
  generationProblems,
  generatedProcessKey,
  GenerationError,
  type GeneratedProcedure,
} from './generate-procedure.js';
export {
  SUPPLEMENT_MESSAGE,
  WITHDRAW_MESSAGE,
  DUE_AT,
  REMIND_AT,
  optionalStepVariable,
} from './dossier-life-blocks.js';
export { generateCatalogue, type CatalogueGeneration } from './generate-catalogue.js';
export { GENERATED_DIR, staleGeneratedFiles, writeGeneratedFiles } from './generated-files.js';
