import { AddressFailures } from './address-failures';

describe('AddressFailures', () => {
  let now = 0;
  const failures = new AddressFailures(3, 60_000, () => now);

  it('refuses an address once it has failed `limit` times, and no other', () => {
    failures.recordFailure('10.0.0.1');
    failures.recordFailure('10.0.0.1');
    expect(failures.refusedFor('10.0.0.1')).toBe(0);
    failures.recordFailure('10.0.0.1');
    expect(failures.refusedFor('10.0.0.1')).toBe(60);
    expect(failures.refusedFor('10.0.0.2')).toBe(0);
    now = 45_500;
    expect(failures.refusedFor('10.0.0.1')).toBe(15);
  });

  it('counts from zero again once the window has passed', () => {
    now = 60_000;
    expect(failures.refusedFor('10.0.0.1')).toBe(0);
    failures.recordFailure('10.0.0.1');
    failures.recordFailure('10.0.0.1');
    expect(failures.refusedFor('10.0.0.1')).toBe(0);
  });
});
