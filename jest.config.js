/**
 * Two projects: `unit` (pure, beside the code) and `e2e` (in test/, against a real Temporal dev
 * server and a real PostgreSQL that the global setup starts and stops).
 * Run through `npm test`, which installs, builds and provides the Temporal CLI first.
 */
const shared = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json' }] },
  moduleNameMapper: {
    '^@fanpin/(contracts|domain|platform|persistence|devstack)$': '<rootDir>/libs/$1/src/index.ts',
  },
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/', '<rootDir>/.data/'],
  setupFiles: ['<rootDir>/test/support/quiet-temporal.ts'],
};

module.exports = {
  projects: [
    {
      ...shared,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/{libs,services,workflows}/*/src/**/*.spec.ts',
        '<rootDir>/test/replay/**/*.spec.ts',
        '<rootDir>/deploy/**/*.spec.ts',
      ],
    },
    {
      ...shared,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      setupFiles: [...shared.setupFiles, '<rootDir>/test/support/worker-env.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/support/log-errors.ts'],
      slowTestThreshold: 30,
    },
  ],
  testSequencer: '<rootDir>/test/support/sequencer.js',
  testTimeout: 120000,
  reporters: ['default', '<rootDir>/test/support/totals-reporter.js'],
};
