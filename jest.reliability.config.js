// npm run test:reliability: the reliability suite of issue 11 (test/reliability/), apart from
// `npm test` because it runs for minutes. Same transform and PostgreSQL set-up as the large tests;
// every part is bounded in count and time and prints its figures at the end (figures-reporter.js).
import base from './jest.config.js';

const large = base.projects.find((project) => project.displayName === 'large');

export default {
  ...large,
  displayName: 'reliability',
  testMatch: ['<rootDir>/test/reliability/**/*.spec.ts'],
  globalSetup: '<rootDir>/test/reliability/support/global-setup.mjs',
  // Each part has its own bound inside; this only stops a part that hangs.
  testTimeout: 600_000,
  reporters: ['default', '<rootDir>/test/reliability/support/figures-reporter.js'],
};
