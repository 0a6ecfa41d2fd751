/**
 * The cluster test (`npm run test:cluster`): the end-to-end scenarios against the production shape
 * (the Temporal server on PostgreSQL, two processes of each service), one process of each kind
 * killed midway. Its own command, not part of `npm test`: the server's first Go build alone takes
 * 4–7 minutes. Run it before each release.
 */
const base = require('./jest.config.js');

const e2e = base.projects.find((p) => p.displayName === 'e2e');

module.exports = {
  projects: [
    { ...e2e, displayName: 'cluster', testMatch: ['<rootDir>/test/cluster/**/*.cluster-spec.ts'] },
  ],
  testTimeout: 300_000,
  reporters: base.reporters,
};
