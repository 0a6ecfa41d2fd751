import { DefaultLogger, Runtime } from '@temporalio/worker';

/** Replay workers inside the tests log only warnings and errors. */
try {
  Runtime.install({ logger: new DefaultLogger('WARN') });
} catch {
  // Already installed in this process by an earlier test file: keep it.
}
