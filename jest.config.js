// Jest in native ESM mode (run with node --experimental-vm-modules), TypeScript through SWC
// with legacy decorators and their metadata, which Nest's dependency injection reads.
// Four projects: by size `small` (pure rules, no database: `npm run test:small`), `medium`
// (repositories and SQL against the real PostgreSQL) and `large` (the HTTP API end to end), and
// `browser` (the web front in Debian's Chromium against the real service; its set-up also builds
// web/dist when it is stale). Only the projects that need PostgreSQL start it.
const swc = {
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
  },
  module: { type: 'es6' },
  sourceMaps: 'inline',
};

const shared = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
};

const withDatabase = {
  ...shared,
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
};

export default {
  // testTimeout is read from the root only, not from a project; a browser test walks several screens.
  testTimeout: 120000,
  projects: [
    { ...shared, displayName: 'small', testMatch: ['<rootDir>/test/small/**/*.spec.ts'] },
    { ...withDatabase, displayName: 'medium', testMatch: ['<rootDir>/test/medium/**/*.spec.ts'] },
    { ...withDatabase, displayName: 'large', testMatch: ['<rootDir>/test/large/**/*.spec.ts'] },
    {
      ...withDatabase,
      displayName: 'browser',
      globalSetup: '<rootDir>/test/support/browser-global-setup.mjs',
      testMatch: ['<rootDir>/test/browser/**/*.spec.ts'],
    },
    // The attack on disclosure control across outputs (npm run test:disclosure): generated cohorts,
    // every evaluator output, an attacker trying to recover hidden small counts. Run by .ci/run.
    { ...withDatabase, displayName: 'disclosure', testMatch: ['<rootDir>/test/disclosure/**/*.spec.ts'] },
  ],
};
