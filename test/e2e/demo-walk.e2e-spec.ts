import { seedDemoAccounts, walkOneCase } from '@fanpin/devstack';

import { TestSystem } from '../support/harness';
import { ApiClient } from '../../libs/devstack/src/demo/api-client';

/**
 * The README's newcomer walk (`npm run demo`, then `npm run demo:walk`): one case carried by the
 * demo accounts of every role from a bureau's alert to its first follow-up visit, through the API,
 * with the demo's waits made seconds.
 */
describe('the demo walk', () => {
  let t: TestSystem;

  beforeAll(async () => {
    t = await TestSystem.start('demo-walk', {
      api: { POLICY_FOLLOW_UP_INTERVAL: '2s' },
    });
  });

  afterAll(async () => {
    await t?.stop();
  });

  it('carries one case from alert to assistance plan and first follow-up visit', async () => {
    const url = t.system.services.api.url;
    const password = 'demo-walk-passphrase';
    const clientSecrets = await seedDemoAccounts(new ApiClient(url), t.admin, password);
    expect(Object.keys(clientSecrets)).toEqual(['demo-bureau-health']);
    // Made again, nothing changes: an account that exists is left as it is.
    expect(await seedDemoAccounts(new ApiClient(url), t.admin, password)).toEqual({});

    const lines: string[] = [];
    const summary = await walkOneCase(url, { password, clientSecrets }, (l) => lines.push(l), {
      stepTimeoutMs: 60_000,
    });

    expect(summary.stage).toBe('MONITORING');
    expect(summary.visits).toBe(1);
    expect(summary.householdClass).toBe('marginal');
    expect(summary.completedTaskIds).toEqual(
      expect.arrayContaining([
        'village-verification-1',
        'democratic-appraisal-1',
        'township-verification-1',
        'determination-1',
        'assistance-plan-1',
        'follow-up-visit-1',
      ]),
    );
    expect(summary.openTasks.map((task) => task.kind)).toContain('assistance-measure');
    // Ten numbered steps were told, and the lead department found its measure in its inbox.
    expect(lines.filter((l) => /^\d+\. /.test(l))).toHaveLength(10);
    expect(lines.find((l) => l.includes("市人社局's inbox holds"))).toMatch(/measure-JOB-\d+/);
    // What the walk prints never names the household or its number.
    expect(lines.join('\n')).not.toMatch(/演示户主|\d{17}[\dX]/);
  });
});
