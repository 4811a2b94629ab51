// Lint keeps the package graph honest: no cycles, no deep imports into another package's src/,
// typeorm only inside db/, and no dynamic code execution anywhere.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';

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
  {
    files: ['**/*.ts'],
    ignores: ['db/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'typeorm', message: 'typeorm is imported in db/ alone.' }],
          patterns: [{ group: ['@motcua/*/src/*'], message: 'Import another package through its index.' }],
        },
      ],
    },
  },
  {
    files: ['portal/src/**/*.ts', 'engine-workers/src/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'typeorm', message: 'typeorm is imported in db/ alone.' },
            {
              name: '@motcua/engine',
              message: 'The portal and workers reach the engine over its REST API only.',
            },
          ],
        },
      ],
    },
  },
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
