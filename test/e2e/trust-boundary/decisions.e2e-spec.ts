import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  Client,
  Connection,
  WorkflowFailedError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

import {
  CaseSearchAttributes,
  DefaultCasePolicy,
  ErrorCodes,
  alertSignal,
  commandKeysChangedSignal,
  commandMessage,
  completeTaskUpdate,
  deadlinesRecountedSignal,
  type CaseSummary,
  type SignCommand,
  type TaskCompletion,
} from '@fanpin/contracts';

import { EncryptionCodec, failureConverterPath, verifyingKeyOf } from '@fanpin/platform';

import { decodedHistory } from '../../support/histories';
import { cityBureau } from '../../support/accounts';
import { suiteSystem, waitForVisibility } from '../../support/harness';

/** A city-bureau actor as the API would name one: right role, right division, a real account id. */
const cityActor = (id: string) => ({
  id,
  role: 'city-bureau' as const,
  divisionCode: '220681',
  org: null,
  householdKey: null,
});

/** The city's inclusion of the household, as a forger writes it: perfect, but not from the API. */
const forgedInclusion = (accountId: string): TaskCompletion => ({
  taskId: 'determination-1',
  actor: cityActor(accountId),
  body: { kind: 'city-determination', include: true, householdClass: 'sudden-hardship' },
});

/** The code a case refused an Update with. */
async function refusal(update: Promise<unknown>): Promise<string | undefined> {
  const error = await update.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause;
  expect(cause).toBeInstanceOf(ApplicationFailure);
  return (cause as ApplicationFailure).type ?? undefined;
}

/**
 * Decisions reach a case only from the API (the trust boundary). Whoever else reaches
 * Temporal's port — the README's supervisors with their CLI, a compromised host on the network —
 * holds a Temporal client and the payload key; these attacks use exactly that, and each is refused.
 */
describe('trust boundary: a decision is accepted only if the API issued it', () => {
  const t = suiteSystem('trust-boundary-decisions', {
    // A killed worker's cases wait this long for its sticky queue (the rotation below restarts it).
    'workflow-worker': { STICKY_QUEUE_TIMEOUT_SECONDS: '2' },
  });
  let caseId: string;
  let otherCaseId: string;
  /** The account id of a real city-bureau account (the forger names it). */
  let cityAccount: string;

  beforeAll(async () => {
    [{ caseId }, { caseId: otherCaseId }] = await Promise.all([
      t.caseAt('CITY_DETERMINATION'),
      t.caseAt('CITY_DETERMINATION'),
    ]);
    // The city bureau account the harness signs in as for decisions.
    cityAccount = (await t.api<{ id: string }>('GET', '/v1/auth/me', undefined, cityBureau)).body
      .id;
    expect(cityAccount).toMatch(/^city-bureau-/);
  });

  const refusedAudits = (target: string) =>
    t.count(
      `SELECT 1 FROM audit_log WHERE kind = 'case.command-refused' AND outcome = 'refused'
         AND target = $1`,
      [target],
    );

  it('refuses and audits a determination sent straight to Temporal with a perfect actor', async () => {
    const handle = (await t.client()).workflow.getHandle(caseId);
    const forged = forgedInclusion(cityAccount);
    expect(await refusal(handle.executeUpdate(completeTaskUpdate, { args: [forged] }))).toBe(
      ErrorCodes.commandNotIssued,
    );
    // Nothing decided: the case still waits for the city, and the refusal is in the audit log with
    // the actor it claimed (unproven) and the task it was for.
    const summary = await t.waitForCase(caseId, () => true);
    expect(summary.stage).toBe('CITY_DETERMINATION');
    expect(summary.completedTaskIds).not.toContain('determination-1');
    expect(await refusedAudits(caseId)).toBe(1);
    const { rows } = await t.db.query(
      `SELECT actor_id, actor_role, route, reason FROM audit_log
        WHERE kind = 'case.command-refused' AND target = $1`,
      [caseId],
    );
    expect(rows).toEqual([
      {
        actor_id: cityAccount,
        actor_role: 'city-bureau',
        route: 'temporal:update/completeTask',
        reason: `${ErrorCodes.commandNotIssued} determination-1`,
      },
    ]);
  });

  it('reads a command sent in the clear, without the payload key, as no command at all', async () => {
    // A client that sends its payloads unencrypted (it reads the answers with the key, only so
    // that the test can tell why it was refused).
    const reader = new EncryptionCodec({ current: t.secrets.payloadCodecKey }, 'pass');
    const connection = await Connection.connect({ address: t.temporalAddress });
    try {
      const plain = new Client({
        connection,
        dataConverter: {
          payloadCodecs: [{ encode: (p) => Promise.resolve(p), decode: (p) => reader.decode(p) }],
          failureConverterPath,
        },
      }).workflow.getHandle(caseId);
      const forged = forgedInclusion(cityAccount);
      expect(await refusal(plain.executeUpdate(completeTaskUpdate, { args: [forged] }))).toBe(
        ErrorCodes.caseOutOfScope,
      );
    } finally {
      await connection.close();
    }
    const summary = await t.waitForCase(caseId, () => true);
    expect(summary.stage).toBe('CITY_DETERMINATION');
  });

  it("refuses a signature of the attacker's own key, and a real one moved to another command", async () => {
    const client = await t.client();
    const handle = client.workflow.getHandle(caseId);
    const body = {
      kind: 'city-determination',
      include: false,
      reasonCode: 'CHANGED_MIND',
    } as const;
    const command = { taskId: 'determination-1', actor: cityActor(cityAccount), body };

    // A key of the attacker's own: the case does not know it, even when told to read its keys again.
    const { privateKey } = generateKeyPairSync('ed25519');
    const message = Buffer.from(commandMessage(caseId, completeTaskUpdate.name, command));
    const ownKey = {
      ...command,
      signature: { keyId: '0badc0de', value: sign(null, message, privateKey).toString('hex') },
    };
    await handle.signal(commandKeysChangedSignal);
    expect(await refusal(handle.executeUpdate(completeTaskUpdate, { args: [ownKey] }))).toBe(
      ErrorCodes.commandKeyUnknown,
    );

    // A real signature, from a decision the API issued on another case: taken from that case's
    // history (the attacker holds the payload key), put on this case's command.
    const other = await t.determine(otherCaseId, { include: false, reasonCode: 'CHANGED_MIND' });
    expect(other.status).toBe(200);
    const history = await decodedHistory(client.workflow.getHandle(otherCaseId));
    const issued = (history.events ?? [])
      .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input)
      .filter((input) => input?.name === completeTaskUpdate.name)
      .map(
        (input) =>
          JSON.parse(
            Buffer.from(input?.args?.payloads?.[0]?.data ?? []).toString(),
          ) as TaskCompletion,
      )
      .find((c) => c.taskId === 'determination-1');
    expect(issued?.signature?.value).toMatch(/^[0-9a-f]{128}$/);
    // The very command, signature and all, sent to this case; then with another decision in it.
    const moved = { ...issued, actor: issued?.actor } as TaskCompletion;
    const altered = {
      ...moved,
      body: { kind: 'city-determination', include: true, householdClass: 'sudden-hardship' },
    } as TaskCompletion;
    for (const forged of [moved, altered]) {
      expect(await refusal(handle.executeUpdate(completeTaskUpdate, { args: [forged] }))).toBe(
        ErrorCodes.commandNotIssued,
      );
    }
    const summary = await t.waitForCase(caseId, () => true);
    expect(summary.stage).toBe('CITY_DETERMINATION');
    expect(await refusedAudits(caseId)).toBe(3);
  });

  it('ignores and audits a recount of due dates that the intake service did not sign', async () => {
    const handle = (await t.client()).workflow.getHandle(caseId);
    const before = await t.waitForCase(caseId, () => true);
    const due = before.openTasks.find((task) => task.taskId === 'determination-1')?.dueAt;
    expect(due).toBeTruthy();
    await handle.signal(deadlinesRecountedSignal, {
      recount: 'forged-2099',
      tasks: [{ taskId: 'determination-1', dueAt: '2099-12-31T15:59:59.999Z', provisional: false }],
    });
    const audited = async () =>
      t.count(
        `SELECT 1 FROM audit_log WHERE kind = 'case.command-refused' AND target = $1
           AND route = 'temporal:signal/deadlinesRecounted'`,
        [caseId],
      );
    for (let i = 0; i < 100 && (await audited()) === 0; i += 1) await sleep(100);
    expect(await audited()).toBe(1);
    const after = await t.waitForCase(caseId, () => true);
    expect(after.openTasks.find((task) => task.taskId === 'determination-1')?.dueAt).toBe(due);
  });

  it('ignores an unsigned alert, and fails a case started without the API, both audited', async () => {
    const client = await t.client();
    await client.workflow.getHandle(caseId).signal(alertSignal, {
      alertId: 'FORGED-ALERT-1',
      source: 'health',
      triggers: [1],
    });
    const refusedAlert = () =>
      t.count(
        `SELECT 1 FROM audit_log WHERE kind = 'case.command-refused' AND target = $1
           AND route = 'temporal:signal/alert' AND reason LIKE '%FORGED-ALERT-1'`,
        [caseId],
      );
    for (let i = 0; i < 100 && (await refusedAlert()) === 0; i += 1) await sleep(100);
    expect(await refusedAlert()).toBe(1);
    expect((await t.waitForCase(caseId, () => true)).alertIds).not.toContain('FORGED-ALERT-1');

    // A case of a household nobody reported, started straight on Temporal with a perfect input.
    const householdKey = `hh${randomBytes(16).toString('hex')}`;
    const unsigned: SignCommand = (_caseId, _message, command) => command;
    const handle = await t.startCaseOnTemporal(
      householdKey,
      DefaultCasePolicy,
      'FORGED-START-1',
      undefined,
      unsigned,
    );
    const failure = await handle.result().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect(((failure as WorkflowFailedError).cause as ApplicationFailure).type).toBe(
      ErrorCodes.commandNotIssued,
    );
    // It opened nothing: no case row, no task; the attempt is in the audit log.
    expect(await t.count(`SELECT 1 FROM cases WHERE household_key = $1`, [householdKey])).toBe(0);
    expect(await t.count(`SELECT 1 FROM tasks WHERE case_id = $1`, [handle.workflowId])).toBe(0);
    expect(
      await t.count(
        `SELECT 1 FROM audit_log WHERE kind = 'case.command-refused' AND target = $1
           AND route = 'temporal:start/householdCase'`,
        [handle.workflowId],
      ),
    ).toBe(1);
  });

  it('accepts the same decision through the API, and audits it there once', async () => {
    const decided = await t.determine(caseId, { include: false, reasonCode: 'CHANGED_MIND' });
    expect(decided.status).toBe(200);
    const summary = await t.waitForCase(caseId, (s) => s.stage === 'EXCLUDED');
    expect(summary.completedTaskIds).toContain('determination-1');
    expect(
      await t.count(
        `SELECT 1 FROM audit_log WHERE kind = 'case.decision' AND outcome = 'ok'
           AND target = $1 AND reason = 'determination-1'`,
        [caseId],
      ),
    ).toBe(1);
  });

  it('keeps health and means out of search attributes, and sealed in the case history', async () => {
    const client = await t.client();
    await waitForVisibility(client, `WorkflowId = '${caseId}'`, 1);
    const description = await client.workflow.getHandle(caseId).describe();
    const keys = Object.keys(
      description.raw.workflowExecutionInfo?.searchAttributes?.indexedFields ?? {},
    );
    expect(keys).not.toContain('RiskTypes');
    expect(Object.values(CaseSearchAttributes).map((k) => k.name)).not.toContain('RiskTypes');

    // The village verification's figures (incomes 4200 and 7800, expenses 36000, assurances,
    // labour capacity) are in the case history only sealed; its outcome and triggers stay readable.
    const { rows } = await t.db.query<{ detail: Record<string, unknown> }>(
      `SELECT detail FROM case_events WHERE case_id = $1 AND step_id = 'village-verification-1'`,
      [caseId],
    );
    expect(rows).toHaveLength(1);
    const detail = rows[0]?.detail ?? {};
    expect(detail).toMatchObject({ outcome: 'nominate', triggers: [2] });
    expect(typeof detail.sealed).toBe('string');
    for (const member of ['incomePerCapita', 'rigidExpenses', 'assurances', 'labourCapacity']) {
      expect(detail).not.toHaveProperty(member);
    }
    expect(JSON.stringify(detail)).not.toMatch(/4200|7800|36000|partial/);
  });

  it('takes a rotated key: a case that has not seen it reads its worker’s keys again', async () => {
    const opened = await t.postAlert();
    const rotated = opened.body.caseId;
    const waiting = await t.waitForCase(
      rotated,
      (s) => s.openTask !== null && s.stage !== 'INTAKE',
    );
    // The rotation as the README gives it: the workers trust the new key too, then the API and the
    // intake service sign with it. The case read its keys before, when only the old one was there.
    const old = t.secrets.commandSigningKey;
    const next = randomBytes(32).toString('base64url');
    const { services } = t.system;
    services['workflow-worker'].spec.env.COMMAND_VERIFYING_KEYS = [old, next]
      .map(verifyingKeyOf)
      .join(',');
    await t.system.kill(['workflow-worker']);
    await t.system.start(['workflow-worker']);
    services.api.spec.env.COMMAND_SIGNING_KEY = next;
    services.intake.spec.env.COMMAND_SIGNING_KEY = next;
    await t.system.kill(['api', 'intake']);
    await t.system.start(['api', 'intake']);

    const task = waiting.openTask as NonNullable<CaseSummary['openTask']>;
    expect((await t.completeOpenTask(waiting)).status).toBe(200);
    const after = await t.waitForCase(rotated, (s) => s.completedTaskIds.includes(task.taskId));
    expect(after.completedTaskIds).toContain(task.taskId);
    // It did not know the key: the API had it read its worker's keys again, then sent it again.
    const history = await (await t.client()).workflow.getHandle(rotated).fetchHistory();
    const signals = (history.events ?? []).map(
      (e) => e.workflowExecutionSignaledEventAttributes?.signalName,
    );
    expect(signals).toContain(commandKeysChangedSignal.name);
    // A case opened now is started, and told of its alert, under the new key.
    const fresh = await t.postAlert();
    await t.waitForCase(fresh.body.caseId, (s) => s.openTask !== null && s.stage !== 'INTAKE');
  });
});
