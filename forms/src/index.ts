export * from './form-schema.js';
export * from './form-fields.js';
export * from './validate-submission.js';
export { MESSAGES as FORM_MESSAGES } from './messages.js';
export * from './date-rules.js';
