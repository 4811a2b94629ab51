// Jest runs the TypeScript sources directly (ESM, transformed by swc), so tests never need a build.
// Workspace imports (@motcua/x, @motcua/x/sub) are mapped to each package's src/.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      target: 'es2022',
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'es6' },
  },
];

const common = {
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    '^@motcua/([a-z-]+)$': '<rootDir>/$1/src/index.ts',
    '^@motcua/([a-z-]+)/(.+)$': '<rootDir>/$1/src/$2.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
};

/** @type {import('jest').Config} */
export default {
  projects: [
    // Unit tests: beside the code, no services.
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/*/src/**/*.test.ts'] },
    // Integration tests: real engine on real databases, real HTTP, real browser.
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/*/test/**/*.test.ts'],
      setupFilesAfterEnv: ['<rootDir>/jest.integration-setup.js'],
    },
  ],
};
