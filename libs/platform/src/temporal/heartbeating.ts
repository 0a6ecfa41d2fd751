import { Context } from '@temporalio/activity';

/**
 * Runs an activity's `work` while heartbeating every `everyMs`, so that the attempt of a worker that
 * died is timed out after the activity's `heartbeatTimeout` (seconds) rather than its whole
 * `startToCloseTimeout`. `work` gets the attempt's cancellation signal (worker shutdown past its
 * grace time, a cancelled workflow) to abort what it waits on; a cancelled attempt then ends as
 * cancelled, whatever the aborted call threw, and the SDK hands it back for a retry.
 */
export async function whileHeartbeating<T>(
  work: (signal: AbortSignal) => Promise<T>,
  everyMs = 1000,
): Promise<T> {
  const context = Context.current();
  context.heartbeat();
  const timer = setInterval(() => context.heartbeat(), everyMs);
  try {
    return await work(context.cancellationSignal);
  } catch (error) {
    if (context.cancellationSignal.aborted) throw context.cancellationSignal.reason;
    throw error;
  } finally {
    clearInterval(timer);
  }
}
