import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';

import { defaultBundlePath } from '../../services/workflow-worker/src/bundle';

export const historiesDir = path.resolve(__dirname, '../fixtures/histories');

/**
 * Replays a finished case's history against the current workflow bundle (a nondeterminism error
 * fails the test), and records it as a fixture when FANPIN_RECORD_HISTORIES=1.
 */
export async function replayAndRecord(handle: WorkflowHandle, fixtureName: string): Promise<void> {
  const history = await handle.fetchHistory();
  await Worker.runReplayHistory(
    { workflowBundle: { codePath: defaultBundlePath } },
    history,
    handle.workflowId,
  );
  if (process.env.FANPIN_RECORD_HISTORIES === '1') {
    await mkdir(historiesDir, { recursive: true });
    await writeFile(path.join(historiesDir, `${fixtureName}.json`), historyToJSON(history));
  }
}
