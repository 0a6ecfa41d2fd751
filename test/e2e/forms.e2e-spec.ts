import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

import { completeTaskUpdate, type Actor, type TaskCompletion } from '@fanpin/contracts';

import { TestSystem, standardForms } from '../support/harness';

/**
 * One definition per form: a body that does not fit is refused by the API and, sent straight to
 * the case as an Update, by its validator, with the same problems.
 */
describe('a task form checked by the API and by the case alike', () => {
  let t: TestSystem;

  beforeAll(async () => {
    t = await TestSystem.start('forms');
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('refuses an invalid form identically through the API and through the Update validator', async () => {
    const { body: receipt } = await t.postAlert();
    const summary = await t.waitForCase(receipt.caseId, (s) => s.openTask !== null);
    const cadre = { role: 'village-cadre' as const, divisionCode: summary.divisions.villageCode };
    const form = standardForms['village-verification']!.body;
    const invalid = {
      ...form,
      incomePerCapita: -5,
      assurances: { ...(form.assurances as object), food: 'yes' },
      commitmentSignedOn: '2026-02-30',
      remark: 'x',
    };

    const api = await t.api<{ code: string; details: unknown[] }>(
      'POST',
      `/v1/cases/${receipt.caseId}/tasks/village-verification-1`,
      invalid,
      cadre,
    );
    expect(api.status).toBe(400);
    expect(api.body.code).toBe('INPUT.INVALID');
    expect(api.body.details).toHaveLength(4);

    // The same form, sent to the case as the API would send it, with a well-formed actor.
    const actor: Actor = {
      id: 'cadre-of-this-village',
      role: 'village-cadre',
      divisionCode: summary.divisions.villageCode,
      org: null,
      householdKey: null,
    };
    const completion = { taskId: 'village-verification-1', actor, body: invalid };
    const refused = await (
      await t.client()
    ).workflow
      .getHandle(receipt.caseId)
      .executeUpdate(completeTaskUpdate, { args: [completion as unknown as TaskCompletion] })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (refused as WorkflowUpdateFailedError).cause as ApplicationFailure;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect(cause.type).toBe('INPUT.INVALID');
    expect(cause.details?.[0]).toEqual(api.body.details);

    // Neither wrote anything: the task is still open.
    const after = await t.waitForCase(receipt.caseId, (s) => s.openTask !== null);
    expect(after.completedTaskIds).not.toContain('village-verification-1');
  });
});
