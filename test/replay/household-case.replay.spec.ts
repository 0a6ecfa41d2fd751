import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';

import { EncryptionCodec, temporalDataConverter } from '@fanpin/platform';

import { bundleWorkflows, quietBundleLogger } from '../../services/workflow-worker/src/bundle';
import {
  historiesDir,
  mapHistoryPayloads,
  patchMarkersAnsweringUpdates,
  unencryptedPayloadEncodings,
} from '../support/histories';

type Histories = { workflowId: string; history: ReturnType<typeof historyFromJSON> }[];

/** The recorded histories; their payloads are stored decoded (see test/support/histories.ts). */
async function recordedHistories(): Promise<Histories> {
  const files = (await readdir(historiesDir)).filter((f) => f.endsWith('.json')).sort();
  return Promise.all(
    files.map(async (file) => ({
      workflowId: path.basename(file, '.json'),
      history: historyFromJSON(JSON.parse(await readFile(path.join(historiesDir, file), 'utf8'))),
    })),
  );
}

async function replayFailures(
  options: Parameters<typeof Worker.runReplayHistories>[0],
  histories: Histories,
): Promise<string[]> {
  const failures: string[] = [];
  for await (const result of Worker.runReplayHistories(options, histories)) {
    if (result.error) failures.push(`${result.workflowId}: ${String(result.error)}`);
  }
  return failures;
}

/**
 * Histories recorded from real runs (FANPIN_RECORD_HISTORIES=1 npm test) are replayed against the
 * current workflow code: a change that would break running cases fails here.
 */
describe('replay of recorded household-case histories', () => {
  let code: string;

  beforeAll(async () => {
    code = await bundleWorkflows(quietBundleLogger);
  });

  it('replays every recorded history without nondeterminism', async () => {
    const histories = await recordedHistories();
    expect(histories.length).toBeGreaterThanOrEqual(3);
    expect(await replayFailures({ workflowBundle: { code } }, histories)).toEqual([]);
  });

  it('replays them encrypted, as the workers read them from Temporal, with the payload key', async () => {
    const keys = { current: randomBytes(32).toString('base64url') };
    const codec = new EncryptionCodec(keys);
    const histories = await recordedHistories();
    let encrypted = 0;
    for (const { history } of histories) {
      await mapHistoryPayloads(history, async (payload) => {
        encrypted += 1;
        return (await codec.encode([payload]))[0]!;
      });
      expect(await unencryptedPayloadEncodings(history)).toEqual([]);
    }
    expect(encrypted).toBeGreaterThan(10 * histories.length);
    const options = { workflowBundle: { code }, dataConverter: temporalDataConverter(keys) };
    expect(await replayFailures(options, histories)).toEqual([]);
  });

  it('finds patch markers in a workflow task that answered an Update in older runs only', async () => {
    const histories = await recordedHistories();
    const marked = (name: string) => {
      const found = histories.find((h) => h.workflowId === name);
      if (!found) throw new Error(`no recorded history ${name}`);
      return patchMarkersAnsweringUpdates(found.history);
    };
    // Recorded when answer-before-record was decided in the first task's Update.
    expect(marked('policy-v4-patch-in-update-included')).toEqual(['22:answer-before-record']);
    // The current runs (unprefixed) decide their patches when they start.
    const current = histories.filter((h) => !h.workflowId.startsWith('policy-'));
    expect(current.length).toBeGreaterThanOrEqual(10);
    for (const { workflowId, history } of current) {
      expect({ workflowId, markers: patchMarkersAnsweringUpdates(history) }).toEqual({
        workflowId,
        markers: [],
      });
    }
  });
});
