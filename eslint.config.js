// Lint keeps the package graph honest: no cycles, no deep imports into another package's src/,
// typeorm only inside db/, and no dynamic code execution anywhere.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';

const TYPEORM = { name: 'typeorm', message: 'typeorm is imported in db/ alone.' };
const ENGINE = {
  name: '@motcua/engine',
  message: 'The portal and workers reach the engine over its REST API only.',
};
const DEEP = {
  group: ['@motcua/*/src/*', '@motcua/*/dist/*', '../../*/src/*', '**/db/src/**', '**/db/dist/**'],
  message: 'Import another package through its index or its declared entry points.',
};

/**
 * The import rule of one part of the tree: typeorm nowhere outside db/, no deep path into another
 * package, of `@motcua/db` only the shared index and the entry points named in `db`, and with
 * `engineOverRest` not the engine package either.
 */
function boundaries({ files, ignores = [], db, engineOverRest = false, patterns = [] }) {
  const entries = db.map((entry) => `@motcua/db/${entry}`).join(', ');
  return {
    files,
    ignores,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: engineOverRest ? [TYPEORM, ENGINE] : [TYPEORM],
          patterns: [
            DEEP,
            {
              group: ['@motcua/db/*', ...db.map((entry) => `!@motcua/db/${entry}`)],
              message: `Here @motcua/db offers its shared index and ${entries} only: each package imports its own tables (db/README.md).`,
            },
            ...patterns,
          ],
        },
      ],
    },
  };
}

export default tseslint.config(
  {
    ignores: [
      '**/dist/**',
      '**/node_modules/**',
      'data/**',
      'coverage/**',
      '**/public/**',
      'portal/src/studio-lint/generated/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    languageOptions: { globals: { ...globals.node } },
    rules: {
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@motcua/*/src/*', '../../*/src/*'],
              message: 'Import another package through its index.',
            },
          ],
        },
      ],
    },
  },
  // Package boundaries at the database (issue 11): `@motcua/db` itself is the shared part (the
  // connection, URLs, readiness, the file storage); the tables sit behind one entry point per
  // owner, and each package imports only its own. The engine's tables (`@motcua/db/engine`) are
  // the engine's alone: the portal and the workers reach them over its REST API.
  boundaries({ files: ['**/*.ts'], ignores: ['db/**'], db: ['testing'] }),
  boundaries({ files: ['engine/**/*.ts'], db: ['engine', 'testing', 'bulk-seed'] }),
  boundaries({ files: ['engine/src/**/*.ts'], ignores: ['**/*.test.ts'], db: ['engine'] }),
  // Issue 11: the engine's runtime, services and commands throw domain errors; only the REST edge
  // knows HTTP (engine/src/rest/error-responses.ts maps them), so nothing below it imports rest/.
  boundaries({
    files: [
      'engine/src/engine-core.ts',
      'engine/src/{runtime,services,jobs,dmn,bpmn,attachments,variables,expressions,external-tasks,identity,operation-log,ops}/**/*.ts',
    ],
    ignores: ['**/*.test.ts'],
    db: ['engine'],
    patterns: [
      {
        group: ['**/rest/*', '**/rest/**'],
        message:
          'The runtime, services and commands throw domain errors (runtime/errors.ts); only the REST edge maps them to HTTP.',
      },
    ],
  }),
  // The query-plan suite checks that the portal's and workers' list queries keep their plans on a
  // database the size of the engine's, so it runs their stores beside the engine's REST app.
  boundaries({ files: ['engine/test/query-plans/*.ts'], db: ['engine', 'testing', 'bulk-seed', 'portal'] }),
  boundaries({ files: ['portal/**/*.ts'], db: ['portal', 'testing'] }),
  boundaries({
    files: ['portal/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    db: ['portal'],
    engineOverRest: true,
  }),
  // The workers' suites write the users and dossiers the portal would have written before a worker
  // runs, with the portal's stores.
  boundaries({ files: ['engine-workers/**/*.ts'], db: ['workers', 'testing', 'portal'] }),
  boundaries({
    files: ['engine-workers/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    db: ['workers'],
    engineOverRest: true,
  }),
  {
    // The engine serves the REST contract that @motcua/engine-client types: it takes the DTO types
    // from there (one typed copy of the contract) and nothing that runs.
    files: ['engine/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@motcua/engine-client',
              allowTypeImports: true,
              message: 'The engine imports only the DTO types of @motcua/engine-client (import type).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', '**/test/**/*.ts', 'scripts/**', 'bench/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  {
    // bpmnlint loads plugin rules with require(): the plugin is CommonJS.
    files: ['bpmnlint-plugin-motcua/**/*.js'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node, ...globals.commonjs } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
