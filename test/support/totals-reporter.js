/**
 * After Jest's own summary, one plain line with the totals (`Totals: N passed, N failed, N skipped`),
 * the form CI reads to tell a run that tested something from one that tested nothing.
 */
class TotalsReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(
      `Totals: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`,
    );
  }
}

module.exports = TotalsReporter;
