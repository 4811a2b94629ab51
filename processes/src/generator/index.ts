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
  PAYMENT_MESSAGE,
  PAYMENT_REQUESTED_MESSAGE,
  DEFAULT_PAYMENT_EXPIRY,
  AGENCY_REPLY_MESSAGE,
  COMPLETENESS_DUE_AT,
  DUE_AT,
  REMIND_AT,
  optionalStepVariable,
} from './dossier-life-blocks.js';
export { generateCatalogue, type CatalogueGeneration } from './generate-catalogue.js';
export { GENERATED_DIR, staleGeneratedFiles, writeGeneratedFiles } from './generated-files.js';
export {
  DEFAULT_CANDIDATE_GROUPS,
  STANDARD_APPLICANT_FIELDS,
  STANDARD_DOSSIER_LIFE_STEPS,
  generationFacts,
  withStandardDossierLife,
  type GenerationFacts,
} from './standard-dossier-life.js';
