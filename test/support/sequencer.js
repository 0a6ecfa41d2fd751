const path = require('node:path');

const Sequencer = require('@jest/test-sequencer').default;

/**
 * What the slowest e2e suites took, in seconds, in a whole run of the e2e project two at a time
 * (`npx jest --selectProjects e2e --maxWorkers=2`, on a busy machine): the order of a run whose
 * Jest cache knows no durations yet (a fresh clone, CI). Only their order matters here.
 */
const knownSeconds = {
  'test/e2e/restart.e2e-spec.ts': 265,
  'test/e2e/household-case.e2e-spec.ts': 175,
  'test/e2e/monitoring.e2e-spec.ts': 150,
  'test/e2e/console/walk.e2e-spec.ts': 145,
  'test/e2e/outages.e2e-spec.ts': 100,
  'test/e2e/ways-in.e2e-spec.ts': 95,
  'test/e2e/hostile-input.e2e-spec.ts': 95,
  'test/e2e/access.e2e-spec.ts': 80,
  'test/e2e/operations.e2e-spec.ts': 80,
  'test/e2e/openapi-contract.e2e-spec.ts': 80,
  'test/e2e/personal-data-leak.e2e-spec.ts': 70,
  'test/e2e/assessment.e2e-spec.ts': 70,
  'test/e2e/newcomer-api.e2e-spec.ts': 70,
  'test/e2e/procedure.e2e-spec.ts': 70,
  'test/e2e/console/operations.e2e-spec.ts': 65,
  'test/e2e/console/registers.e2e-spec.ts': 65,
  'test/e2e/national-entry.e2e-spec.ts': 60,
};
/** Any other e2e suite: a system to start and some round trips. Unit suites take a second or so. */
const otherE2eSeconds = 40;
const unitSeconds = 1;

/**
 * The longest suites first, so that the workers finish together instead of one running the slowest
 * suite alone at the end: Jest's own order does this only for suites whose durations its cache holds
 * (it puts the others first, biggest file first). A suite that failed last time still goes first;
 * a duration Jest measured wins over the figures here.
 */
class LongestFirst extends Sequencer {
  expectedMs(test) {
    const measured = this.time(test);
    if (measured != null) return measured;
    const relative = path
      .relative(test.context.config.rootDir, test.path)
      .split(path.sep)
      .join('/');
    const seconds =
      knownSeconds[relative] ??
      (test.context.config.displayName?.name === 'e2e' ? otherE2eSeconds : unitSeconds);
    return seconds * 1000;
  }

  sort(tests) {
    // As Jest's own sort does: what its scheduler reads (the estimated time, whether to run in band).
    for (const test of tests) test.duration = this.time(test);
    const expected = new Map(tests.map((test) => [test, this.expectedMs(test)]));
    const failed = new Map(tests.map((test) => [test, this.hasFailed(test)]));
    // Among suites expected to take as long, the bigger file first, as Jest guesses.
    const size = (test) => test.context.hasteFS.getSize(test.path) ?? 0;
    return [...tests].sort(
      (a, b) =>
        Number(failed.get(b)) - Number(failed.get(a)) ||
        expected.get(b) - expected.get(a) ||
        size(b) - size(a),
    );
  }
}

module.exports = LongestFirst;
