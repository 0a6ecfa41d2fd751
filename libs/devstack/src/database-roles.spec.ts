import { roleNames } from './database-roles';

describe('roleNames', () => {
  it('names the two roles after the database, so that each scratch database has its own', () => {
    expect(roleNames('postgres://u:p@127.0.0.1:5432/fanpin')).toEqual({
      owner: 'fanpin_owner',
      app: 'fanpin_app',
    });
    expect(roleNames('postgres://u@h/fanpin_test_42_abcdef').app).toBe('fanpin_test_42_abcdef_app');
  });

  it('turns any database name into a valid role name', () => {
    expect(roleNames('postgres://u@h/Fanpin-Dev')).toEqual({
      owner: 'fanpin_dev_owner',
      app: 'fanpin_dev_app',
    });
    expect(roleNames('postgres://u@h/9lives').owner).toBe('_9lives_owner');
    expect(roleNames(`postgres://u@h/${'x'.repeat(80)}`).owner.length).toBeLessThanOrEqual(63);
  });
});
