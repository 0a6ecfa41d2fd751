import { createHash } from 'node:crypto';
import { mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import type { Client, WorkflowHandle } from '@temporalio/client';
import { METADATA_ENCODING_KEY, type PayloadCodec, type ProtoFailure } from '@temporalio/common';
import { decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { Type } from 'protobufjs';

import { ENCRYPTED_ENCODING } from '@fanpin/platform';

import { defaultBundlePath } from '../../services/workflow-worker/src/bundle';
import { LivePatches } from '../../workflows/household-case/src/patches';

export const historiesDir = path.resolve(__dirname, '../fixtures/histories');
const workspaceRoot = path.resolve(__dirname, '../..');

/**
 * The committed list of recorded histories (`manifest.json` beside them): what each is a history
 * of, the suite that records it, its length and its digest. The replay tests check the files
 * against it and every recording against it, so a history can neither vanish nor shrink unseen.
 */
export const manifestPath = path.join(historiesDir, 'manifest.json');

export interface RecordedHistory {
  /** The workflow type the history is a run of. */
  workflowType: string;
  /** The e2e suite that records it, from the workspace root. */
  recordedBy: string;
  /** Its number of events. */
  events: number;
  /** SHA-256 of the fixture file, hex. */
  sha256: string;
}

export type HistoryManifest = Record<string, RecordedHistory>;

export async function readManifest(): Promise<HistoryManifest> {
  return JSON.parse(await readFile(manifestPath, 'utf8')) as HistoryManifest;
}

/** What the manifest says of a fixture file's text (the JSON `historyToJSON` writes). */
export function describeFixture(text: string): Omit<RecordedHistory, 'recordedBy'> {
  const history = JSON.parse(text) as {
    events?: { workflowExecutionStartedEventAttributes?: { workflowType?: { name?: string } } }[];
  };
  const events = history.events ?? [];
  return {
    workflowType: events[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name ?? '?',
    events: events.length,
    sha256: createHash('sha256').update(text).digest('hex'),
  };
}

/** Runs `update` on the manifest while holding a lock: suites record in parallel jest workers. */
async function updateManifest(update: (manifest: HistoryManifest) => void): Promise<void> {
  const lock = `${manifestPath}.lock`;
  for (let tries = 0; ; tries++) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || tries > 600) throw error;
      await sleep(50);
    }
  }
  try {
    const manifest = await readManifest();
    update(manifest);
    const sorted = Object.fromEntries(
      Object.entries(manifest).sort(([a], [b]) => a.localeCompare(b)),
    );
    await writeFile(manifestPath, `${JSON.stringify(sorted, null, 2)}\n`);
  } finally {
    await rmdir(lock);
  }
}

type History = temporal.api.history.v1.IHistory;
type Payload = temporal.api.common.v1.IPayload;
type PayloadMap = (payload: Payload) => Promise<Payload>;

const { EventType } = temporal.api.enums.v1;
const payloadType = temporal.api.common.v1.Payload as unknown as Type;
const eventType = temporal.api.history.v1.HistoryEvent as unknown as Type;
/** Temporal indexes search attributes and never runs codecs on them. */
const notEncoded = new Set(['.temporal.api.common.v1.SearchAttributes']);

/**
 * Walks a message (a protobuf object or its plain-object form) by its schema, replacing each
 * payload (search attributes aside) by what `map` makes of it.
 */
export async function mapPayloadsOf(message: object, type: Type, map: PayloadMap): Promise<void> {
  const record = message as Record<string, unknown>;
  for (const field of type.fieldsArray) {
    const child = field.resolve().resolvedType;
    const value = record[field.name];
    if (value == null || !(child instanceof Type) || notEncoded.has(child.fullName)) continue;
    const apply = async (v: object): Promise<object> => {
      if (child === payloadType) return temporal.api.common.v1.Payload.create(await map(v));
      await mapPayloadsOf(v, child, map);
      return v;
    };
    const values = value as Record<string, object>;
    if (field.map || field.repeated) {
      for (const key of Object.keys(values)) values[key] = await apply(values[key]!);
    } else {
      record[field.name] = await apply(value);
    }
  }
}

/**
 * Patch markers (`patched()` in workflow code) are written by the SDK's core, not through the data
 * converter: their details are the patch id in plain JSON, never data of a case.
 */
const isPatchMarker = (event: temporal.api.history.v1.IHistoryEvent): boolean =>
  event.markerRecordedEventAttributes?.markerName === 'core_patch';

/**
 * A local activity's marker holds the result through the data converter (`result`), and beside it
 * the core's own bookkeeping in plain JSON (`data`: sequence number, attempt, activity type, times),
 * never data of a case.
 */
const localActivityBookkeeping = (event: temporal.api.history.v1.IHistoryEvent) => {
  const marker = event.markerRecordedEventAttributes;
  return marker?.markerName === 'core_local_activity' ? marker.details : undefined;
};

/**
 * Replaces, in place, every payload of a history by what `map` makes of it (search attributes,
 * patch markers and the core's bookkeeping of local activities aside).
 */
export async function mapHistoryPayloads(history: History, map: PayloadMap): Promise<void> {
  for (const event of history.events ?? []) {
    if (isPatchMarker(event)) continue;
    const details = localActivityBookkeeping(event);
    const bookkeeping = details?.data;
    if (details) delete details.data;
    await mapPayloadsOf(event, eventType, map);
    if (details && bookkeeping) details.data = bookkeeping;
  }
}

/**
 * Patch markers written by a workflow task that also answered an Update, as `eventId:patchId`.
 * A marker comes with a `TemporalChangeVersion` search attribute upsert, a visibility write: a
 * patch is decided when a run starts, so that a task's Update answers without one. (Update
 * accepted and completed events are only written by a workflow task's completion: those between
 * one completed workflow task and the next belong to the first.)
 */
export function patchMarkersAnsweringUpdates(history: History): string[] {
  const answering = new Set<string>();
  let task: string | undefined;
  for (const event of history.events ?? []) {
    if (event.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED) {
      task = String(event.eventId);
    } else if (
      task &&
      (event.workflowExecutionUpdateAcceptedEventAttributes ||
        event.workflowExecutionUpdateCompletedEventAttributes)
    ) {
      answering.add(task);
    }
  }
  return (history.events ?? [])
    .filter(
      (e) =>
        isPatchMarker(e) &&
        answering.has(String(e.markerRecordedEventAttributes?.workflowTaskCompletedEventId)),
    )
    .map((e) => `${String(e.eventId)}:${patchIdOf(e)}`);
}

/**
 * Every patch marker of a history, as `eventId:patchId`. The workflow code has one code path and
 * calls `patched()` nowhere: a history recorded from it has none.
 */
export function patchMarkers(history: History): string[] {
  return (history.events ?? [])
    .filter(isPatchMarker)
    .map((e) => `${String(e.eventId)}:${patchIdOf(e)}`);
}

/** The patch id a patch marker records (plain JSON, see `isPatchMarker`). */
function patchIdOf(event: temporal.api.history.v1.IHistoryEvent): string {
  const data = event.markerRecordedEventAttributes?.details?.['patch-data']?.payloads?.[0]?.data;
  return data ? (JSON.parse(Buffer.from(data).toString('utf8')) as { id: string }).id : '?';
}

const encodingOf = (payload: Payload): string =>
  Buffer.from(payload.metadata?.[METADATA_ENCODING_KEY] ?? []).toString('utf8');

/** Encodings of the payloads that are not encrypted (search attributes aside). */
export async function unencryptedPayloadEncodings(history: History): Promise<string[]> {
  const plain = new Set<string>();
  await mapHistoryPayloads(history, (payload) => {
    if (encodingOf(payload) !== ENCRYPTED_ENCODING) plain.add(encodingOf(payload));
    return Promise.resolve(payload);
  });
  return [...plain];
}

/**
 * The history with every payload decoded by the client's codecs: fixtures stay readable and replay
 * without the (random, per test run) payload key. Search attributes are never encoded.
 */
export async function decodedHistory(handle: WorkflowHandle): Promise<History> {
  const history = await handle.fetchHistory();
  // Temporal must hold no payload in the clear.
  const plain = await unencryptedPayloadEncodings(history);
  if (plain.length > 0) {
    throw new Error(
      `history of ${handle.workflowId} has unencrypted payloads: ${plain.join(', ')}`,
    );
  }
  // Codecs decode in the reverse order of encoding.
  const codecs: PayloadCodec[] = [
    ...handle.client.options.loadedDataConverter.payloadCodecs,
  ].reverse();
  await mapHistoryPayloads(history, async (payload) => {
    let decoded = [payload];
    for (const codec of codecs) decoded = await codec.decode(decoded);
    return decoded[0] ?? payload;
  });
  const encrypted = Buffer.from(ENCRYPTED_ENCODING).toString('base64');
  if (historyToJSON(history).includes(encrypted)) {
    throw new Error(`history of ${handle.workflowId} still holds encrypted payloads`);
  }
  return history;
}

/**
 * Replays a finished run's history, decoded, against the current workflow bundle (a
 * nondeterminism error fails the test), and records it as a fixture when FANPIN_RECORD_HISTORIES=1,
 * with its line in the manifest. Without recording, the history must be one the manifest lists, of
 * the same workflow type, recorded by this suite.
 */
export async function replayAndRecord(handle: WorkflowHandle, fixtureName: string): Promise<void> {
  const history = await decodedHistory(handle);
  const recordedBy = path.relative(workspaceRoot, expect.getState().testPath ?? '?');
  const workflowType = describeFixture(historyToJSON(history)).workflowType;
  const listed = (await readManifest())[fixtureName];
  const recording = process.env.FANPIN_RECORD_HISTORIES === '1';
  if (!recording && (listed?.workflowType !== workflowType || listed.recordedBy !== recordedBy)) {
    throw new Error(
      `history ${fixtureName} (${workflowType}, ${recordedBy}) is not in ${path.relative(workspaceRoot, manifestPath)} as such: record it with FANPIN_RECORD_HISTORIES=1`,
    );
  }
  await Worker.runReplayHistory(
    { workflowBundle: { codePath: defaultBundlePath } },
    history,
    handle.workflowId,
  );
  const markers = patchMarkersAnsweringUpdates(history);
  if (markers.length > 0) {
    throw new Error(
      `history of ${handle.workflowId}: patch markers in a workflow task that answered an Update: ${markers.join(', ')}`,
    );
  }
  const live = new Set(LivePatches.map((p) => p.id));
  const anyMarkers = patchMarkers(history).filter((m) => !live.has(m.split(':')[1] ?? ''));
  if (anyMarkers.length > 0) {
    throw new Error(
      `history of ${handle.workflowId}: patch markers of no live patch (workflows/household-case/src/patches.ts): ${anyMarkers.join(', ')}`,
    );
  }
  if (recording) {
    const text = historyToJSON(history);
    await writeFile(path.join(historiesDir, `${fixtureName}.json`), text);
    await updateManifest((manifest) => {
      const { events, sha256 } = describeFixture(text);
      manifest[fixtureName] = { workflowType, recordedBy, events, sha256 };
    });
  }
}

/** The message of a failure as Temporal stores it (encrypted: "Encoded failure"), decoded by the client. */
export async function decodedFailureMessage(
  client: Client,
  failure: ProtoFailure | null | undefined,
): Promise<string | undefined> {
  const converter = client.options.loadedDataConverter;
  return (await decodeOptionalFailureToOptionalError(converter, failure))?.message;
}

/**
 * The attempts each run of local activity `activityType` took, as its markers in `history` (decoded)
 * record them: a local activity retries inside the worker, so only its marker tells.
 */
export function localActivityAttempts(history: History, activityType: string): number[] {
  return (history.events ?? []).flatMap((event) => {
    const data = event.markerRecordedEventAttributes?.details?.['data']?.payloads?.[0]?.data;
    if (!data) return [];
    const marker = JSON.parse(Buffer.from(data).toString('utf8')) as {
      activity_type?: string;
      attempt?: number;
    };
    return marker.activity_type === activityType ? [marker.attempt ?? 0] : [];
  });
}
