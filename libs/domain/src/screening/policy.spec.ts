import {
  DefaultScreeningPolicy,
  ScreeningPolicies,
  UnknownScreeningPolicyError,
  screeningPolicy,
} from './policy';

describe('screening policy versions', () => {
  it('picks the 2021 Linjiang policy by its version: the plan’s 6000-yuan line', () => {
    const policy = screeningPolicy('2021-linjiang');
    expect(policy).toBe(DefaultScreeningPolicy);
    // Its other thresholds are pinned where the rules apply them, at their boundaries.
    expect(policy).toMatchObject({ version: '2021-linjiang', incomeLine: 6000 });
  });

  it('files every policy under its own version', () => {
    expect(Object.keys(ScreeningPolicies)).toContain('2021-linjiang');
    for (const [version, policy] of Object.entries(ScreeningPolicies)) {
      expect(policy.version).toBe(version);
    }
  });

  it.each(['2099-nowhere', '2021-LINJIANG', '', '__proto__', 'toString', 'constructor'])(
    'refuses an unknown version (%j) with a stable code, without echoing it',
    (version) => {
      let caught: unknown;
      try {
        screeningPolicy(version);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(UnknownScreeningPolicyError);
      const error = caught as UnknownScreeningPolicyError;
      expect(error.code).toBe('SCREENING.POLICY_UNKNOWN');
      if (version !== '') expect(error.message).not.toContain(version);
    },
  );

  it('cannot be changed once published', () => {
    const policy = DefaultScreeningPolicy as { incomeLine: number };
    expect(() => {
      policy.incomeLine = 1;
    }).toThrow(TypeError);
    expect(DefaultScreeningPolicy.incomeLine).toBe(6000);
    expect(Object.isFrozen(ScreeningPolicies)).toBe(true);
  });
});
