import * as contracts from '../index';

/**
 * The workflow sandbox loads libs/contracts once per worker and deep-freezes it (with the zod
 * schemas it holds) before any case runs, as below (after @temporalio/worker's reusable-vm.ts:
 * every property read, getters too, then frozen). A form whose check writes to its own schema
 * would throw inside every Update validator: these checks run on frozen schemas.
 */
function deepFreeze(object: unknown, seen = new WeakSet<object>()): void {
  if (object === null || (typeof object !== 'object' && typeof object !== 'function')) return;
  if (seen.has(object) || Object.isFrozen(object)) return;
  seen.add(object);
  // A function is frozen itself, its properties (a class's prototype) are not.
  if (typeof object === 'object') {
    for (const key of Reflect.ownKeys(object)) {
      try {
        deepFreeze((object as Record<PropertyKey, unknown>)[key], seen);
      } catch {
        // Some objects (typed arrays) cannot be frozen; the sandbox skips them too.
      }
    }
  }
  Object.freeze(object);
}

describe('the forms inside the frozen workflow sandbox', () => {
  beforeAll(() => {
    // As the workflow bundle's entry does before the worker freezes its shared modules.
    contracts.settleForms();
    deepFreeze(contracts);
  });

  it('checks valid and invalid forms of every kind without writing to a schema', () => {
    const progress = contracts.SampleForms.measureDone;
    const plannedPost = {
      ...contracts.SampleForms.measure,
      responsibleDepartments: ['townships'],
      facts: { type: 'public-welfare-post', post: 'ROAD_CARE', monthlyPay: 700 },
    };
    const forms: [unknown, boolean][] = [
      [{ kind: 'objection-review', upheld: true, reasonCode: 'INCOME_UNDERSTATED' }, true],
      [{ kind: 'objection-review', upheld: true, reasonCode: 'has space' }, false],
      [{ kind: 'democratic-appraisal', outcome: 'approved', heldOn: '2026-02-30' }, false],
      [{ kind: 'democratic-appraisal', outcome: 'approved', heldOn: '2026-02-28' }, true],
      [{ kind: 'city-determination', include: true, householdClass: 'marginal' }, true],
      [{ kind: 'city-determination', include: true }, false],
      [{ kind: 'nonsense' }, false],
      [{ kind: 'measure-contribution', contributionCode: 'FUNDS', reportedOn: '2026-12-01' }, true],
      [{ kind: 'measure-contribution', contributionCode: 'FUNDS', reportedOn: 'soon' }, false],
      [{ ...progress, facts: { type: 'micro-credit', amount: 50000 } }, true],
      [{ ...progress, facts: { type: 'micro-credit', amount: 0 } }, false],
      [{ ...contracts.SampleForms.plan, measures: [plannedPost] }, true],
      [
        { ...contracts.SampleForms.plan, measures: [{ ...plannedPost, facts: { type: 'x' } }] },
        false,
      ],
    ];
    for (const [body, ok] of forms) {
      expect(contracts.checkForm(contracts.TaskForm, body).ok).toBe(ok);
    }
    const alert = {
      alertId: 'A-1',
      bureau: 'health',
      villageCode: '220681101200',
      head: { name: '测试', residentId: '11010519491231002X' },
      triggers: [2],
    };
    expect(contracts.checkForm(contracts.AlertForm, alert).ok).toBe(true);
    expect(contracts.checkForm(contracts.AlertForm, { ...alert, villageCode: 'x' }).ok).toBe(false);
  });
});
