// `@motcua/db/baseline`: the migration baseline's generator, for `npm run db:baseline` alone
// (scripts/generate-migration-baseline.mjs). Applying the baseline is openDatabase's business.
export { baselineSources, generateBaseline } from './migrations/baseline/generate-baseline.js';
