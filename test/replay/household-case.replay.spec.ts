import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';

import { bundleWorkflows, quietBundleLogger } from '../../services/workflow-worker/src/bundle';
import { historiesDir } from '../support/histories';

/**
 * Histories recorded from real runs (FANPIN_RECORD_HISTORIES=1 npm test) are replayed against the
 * current workflow code: a change that would break running cases fails here.
 */
describe('replay of recorded household-case histories', () => {
  it('replays every recorded history without nondeterminism', async () => {
    const files = (await readdir(historiesDir)).filter((f) => f.endsWith('.json')).sort();
    expect(files.length).toBeGreaterThanOrEqual(3);
    const code = await bundleWorkflows(quietBundleLogger);
    const histories = await Promise.all(
      files.map(async (file) => ({
        workflowId: path.basename(file, '.json'),
        history: historyFromJSON(JSON.parse(await readFile(path.join(historiesDir, file), 'utf8'))),
      })),
    );
    const failures: string[] = [];
    for await (const result of Worker.runReplayHistories({ workflowBundle: { code } }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
    }
    expect(failures).toEqual([]);
  });
});
