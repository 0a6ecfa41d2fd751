/**
 * The servers of this Jest worker (see global-setup.ts): each `FANPIN_TEST_<NAME>_W<n>` of worker n
 * becomes `FANPIN_TEST_<NAME>` for the suites it runs. Under --runInBand the one worker is 1.
 */
const suffix = `_W${process.env.JEST_WORKER_ID ?? '1'}`;
for (const [name, value] of Object.entries(process.env)) {
  if (name.startsWith('FANPIN_TEST_') && name.endsWith(suffix) && value !== undefined) {
    process.env[name.slice(0, -suffix.length)] = value;
  }
}
