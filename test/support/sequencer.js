const path = require('node:path');

const Sequencer = require('@jest/test-sequencer').default;

/**
 * What the slowest e2e suites take, in seconds, run alone on an idle 2-core machine
 * (`npx jest --selectProjects e2e --runInBand <file>`): the order of a run whose Jest cache knows
 * no durations yet (a fresh clone, CI). Only the order depends on these figures.
 */
const knownSeconds = {
  'test/e2e/restart.e2e-spec.ts': 150,
  'test/e2e/household-case.e2e-spec.ts': 90,
  'test/e2e/monitoring.e2e-spec.ts': 80,
  'test/e2e/console/walk.e2e-spec.ts': 70,
  'test/e2e/assessment.e2e-spec.ts': 45,
};
/** Any other e2e suite: a system to start and some round trips. Unit suites take a second or so. */
const otherE2eSeconds = 25;
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
