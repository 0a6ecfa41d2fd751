import path from 'node:path';

import {
  NationalSystemHttp,
  type NationalEntryRequest,
  type NationalUpdateRequest,
} from '@fanpin/contracts';
import { ServiceProcess, freePort } from '@fanpin/devstack';

import { HttpNationalSystemAdapter } from '../../services/national-entry/src/http-national-system.adapter';
import {
  NationalSystemRejectedError,
  NationalSystemUnavailableError,
} from '../../services/national-entry/src/national-system.port';
import { uniqueId } from '../support/harness';

/**
 * The national-entry adapter against the simulator of the national system, over real HTTP: every
 * way the system can answer maps to one outcome the activity knows how to handle.
 */
describe('national system: adapter ↔ simulator contract', () => {
  let sim: ServiceProcess;
  let adapter: HttpNationalSystemAdapter;

  const request = (): NationalEntryRequest => ({
    idempotencyKey: `${uniqueId('run')}:inclusion`,
    householdKey: `hh${'a'.repeat(32)}`,
    villageCode: '220681001200',
    householdClass: 'marginal',
  });

  async function behave(change: Record<string, unknown>): Promise<void> {
    const response = await fetch(`${sim.url}${NationalSystemHttp.behaviourPath}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(change),
    });
    expect(response.status).toBe(200);
  }

  beforeAll(async () => {
    sim = new ServiceProcess({
      name: 'national-sim',
      port: await freePort(),
      env: {},
      logFile: path.join(process.env.FANPIN_TEST_LOG_DIR ?? '', 'contract', 'national-sim.log'),
    });
    await sim.start();
    await sim.waitReady();
    adapter = new HttpNationalSystemAdapter(sim.url, 1000);
  });

  afterEach(async () => {
    await fetch(`${sim.url}${NationalSystemHttp.adminEntriesPath}`, { method: 'DELETE' });
  });

  afterAll(async () => {
    await sim?.stop();
  });

  it('creates an entry once and replays it for the same idempotency key', async () => {
    const entry = request();
    const first = await adapter.enter(entry);
    expect(first).toEqual({ entryId: expect.stringMatching(/^NM\d{10}$/), duplicate: false });
    expect(await adapter.enter(entry)).toEqual({ entryId: first.entryId, duplicate: true });
    expect((await adapter.enter(request())).entryId).not.toBe(first.entryId);
  });

  it('treats a duplicate rejected with 409 as the entry already made', async () => {
    await behave({ rejectDuplicates: true });
    const entry = request();
    const first = await adapter.enter(entry);
    expect(await adapter.enter(entry)).toEqual({ entryId: first.entryId, duplicate: true });
    const entries = (await (
      await fetch(`${sim.url}${NationalSystemHttp.adminEntriesPath}`)
    ).json()) as {
      requests: number;
    }[];
    expect(entries).toEqual([expect.objectContaining({ entryId: first.entryId, requests: 2 })]);
  });

  it('reports a permanent rejection as such, and an outage or a timeout as retryable', async () => {
    await behave({ rejectNext: 1 });
    await expect(adapter.enter(request())).rejects.toThrow(NationalSystemRejectedError);
    await behave({ failNext: 1 });
    await expect(adapter.enter(request())).rejects.toThrow(NationalSystemUnavailableError);
    await behave({ latencyMs: 1500 });
    await expect(adapter.enter(request())).rejects.toThrow(NationalSystemUnavailableError);
    await behave({ latencyMs: 0 });
    expect((await adapter.enter(request())).duplicate).toBe(false);
  });

  it('updates an entered record once per idempotency key, and refuses one it does not hold', async () => {
    const { entryId } = await adapter.enter(request());
    const update = (recordId: string): NationalUpdateRequest => ({
      idempotencyKey: `${uniqueId('run')}:measures-1`,
      recordId,
      villageCode: '220681001200',
      householdClass: 'marginal',
      change: 'measures',
      measures: {
        added: [
          {
            measureId: 'M-1',
            kind: 'employment',
            measureCode: 'PUBLIC_WELFARE_JOB',
            leadDepartment: 'human-resources',
            dueOn: '2027-06-30',
          },
        ],
        ended: [],
      },
    });
    const first = update(entryId);
    const made = await adapter.update(first);
    expect(made).toEqual({ updateId: expect.stringMatching(/^NU\d{10}$/), duplicate: false });
    expect(await adapter.update(first)).toEqual({ updateId: made.updateId, duplicate: true });
    await expect(adapter.update(update('NM9999999999'))).rejects.toThrow(
      NationalSystemRejectedError,
    );
    await behave({ failNext: 1 });
    await expect(adapter.update(update(entryId))).rejects.toThrow(NationalSystemUnavailableError);
    const updates = (await (
      await fetch(`${sim.url}${NationalSystemHttp.adminUpdatesPath}`)
    ).json()) as { recordId: string; requests: number }[];
    expect(updates).toEqual([expect.objectContaining({ recordId: entryId, requests: 2 })]);
  });

  it('reports an unreachable system as retryable', async () => {
    const nowhere = new HttpNationalSystemAdapter(`http://127.0.0.1:${await freePort()}`, 1000);
    await expect(nowhere.enter(request())).rejects.toThrow(NationalSystemUnavailableError);
  });

  it('refuses a request without an idempotency key or with a malformed body', async () => {
    const post = (headers: Record<string, string>, body: unknown) =>
      fetch(`${sim.url}${NationalSystemHttp.entriesPath}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    const { idempotencyKey, ...body } = request();
    const noKey = await post({}, body);
    expect(noKey.status).toBe(400);
    expect(await noKey.json()).toMatchObject({ code: 'IDEMPOTENCY_KEY_REQUIRED' });
    const bad = await post(
      { [NationalSystemHttp.idempotencyHeader]: idempotencyKey },
      { ...body, villageCode: 'x' },
    );
    expect(bad.status).toBe(400);
  });
});
