import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';

import { ReportWorkflowTypes, WorkflowTypes } from '@fanpin/contracts';
import { EncryptionCodec, temporalDataConverter } from '@fanpin/platform';

import { bundleWorkflows, quietBundleLogger } from '../../services/workflow-worker/src/bundle';
import { LivePatches } from '../../workflows/household-case/src/patches';
import {
  describeFixture,
  historiesDir,
  manifestPath,
  mapHistoryPayloads,
  patchMarkers,
  patchMarkersAnsweringUpdates,
  readManifest,
  unencryptedPayloadEncodings,
} from '../support/histories';

type Histories = { workflowId: string; history: ReturnType<typeof historyFromJSON> }[];

/**
 * The recorded histories of a folder; their payloads are stored decoded (see
 * test/support/histories.ts). Without a folder: the current scenarios' (re-recorded while nothing
 * is released).
 */
async function recordedHistories(dir = historiesDir, prefix = ''): Promise<Histories> {
  const files = (await readdir(dir))
    .filter((f) => f.endsWith('.json') && f !== path.basename(manifestPath))
    .sort();
  return Promise.all(
    files.map(async (file) => ({
      workflowId: `${prefix}${path.basename(file, '.json')}`,
      history: historyFromJSON(JSON.parse(await readFile(path.join(dir, file), 'utf8'))),
    })),
  );
}

/**
 * The current histories and every release's, kept in `test/fixtures/histories/<version>/` from
 * the first release on (docs/releases.md): cases of each release may still be running.
 */
async function everyHistory(): Promise<Histories> {
  const entries = await readdir(historiesDir, { withFileTypes: true });
  const releases = entries.filter((e) => e.isDirectory() && /^v\d+\.\d+\.\d+$/.test(e.name));
  const released = await Promise.all(
    releases.map((r) => recordedHistories(path.join(historiesDir, r.name), `${r.name}/`)),
  );
  return [...(await recordedHistories()), ...released.flat()];
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

  it('replays every recorded history, of every release, without nondeterminism', async () => {
    const histories = await everyHistory();
    expect(histories.length).toBeGreaterThanOrEqual(3);
    expect(await replayFailures({ workflowBundle: { code } }, histories)).toEqual([]);
  });

  it('replays them encrypted, as the workers read them from Temporal, with the payload key', async () => {
    const keys = { current: randomBytes(32).toString('base64url') };
    const codec = new EncryptionCodec(keys);
    const histories = await everyHistory();
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

  it('holds exactly the histories its manifest lists, as the manifest describes them', async () => {
    const manifest = await readManifest();
    const files = (await readdir(historiesDir)).filter(
      (f) => f.endsWith('.json') && f !== path.basename(manifestPath),
    );
    expect(files.map((f) => path.basename(f, '.json')).sort()).toEqual(
      Object.keys(manifest).sort(),
    );
    for (const [name, listed] of Object.entries(manifest)) {
      const text = await readFile(path.join(historiesDir, `${name}.json`), 'utf8');
      expect({ name, ...describeFixture(text) }).toEqual({
        name,
        workflowType: listed.workflowType,
        events: listed.events,
        sha256: listed.sha256,
      });
    }
  });

  it('lists each history against the suite that records it, and every recording', async () => {
    const manifest = await readManifest();
    const root = path.resolve(__dirname, '../..');
    const e2eDir = path.join(root, 'test/e2e');
    const specs = (await readdir(e2eDir, { recursive: true })).filter((f) =>
      f.endsWith('.e2e-spec.ts'),
    );
    const recorded: Record<string, string> = {};
    for (const spec of specs) {
      const text = await readFile(path.join(e2eDir, spec), 'utf8');
      for (const m of text.matchAll(/replayAndRecord\(\s*[^;]*?,\s*'([a-z0-9-]+)',?\s*\)/g)) {
        recorded[m[1] as string] = path.join('test/e2e', spec);
      }
    }
    expect(recorded).toEqual(
      Object.fromEntries(Object.entries(manifest).map(([name, h]) => [name, h.recordedBy])),
    );
  });

  it('holds histories of every workflow type the worker runs, the bench’s aside', async () => {
    const started = Object.values(WorkflowTypes).filter((type) => type !== WorkflowTypes.noop);
    const types = [...started, ...Object.values(ReportWorkflowTypes)].sort();
    const recorded = new Set(Object.values(await readManifest()).map((h) => h.workflowType));
    expect(types.filter((type) => !recorded.has(type))).toEqual([]);
  });

  it('finds only live patches in the histories, and none in a workflow task answering an Update', async () => {
    const live = new Set(LivePatches.map((p) => p.id));
    const histories = await everyHistory();
    expect(histories.length).toBeGreaterThanOrEqual(10);
    for (const { workflowId, history } of histories) {
      expect({
        workflowId,
        answeringUpdates: patchMarkersAnsweringUpdates(history),
        unlisted: patchMarkers(history).filter((marker) => !live.has(marker.split(':')[1] ?? '')),
      }).toEqual({ workflowId, answeringUpdates: [], unlisted: [] });
    }
  });
});
