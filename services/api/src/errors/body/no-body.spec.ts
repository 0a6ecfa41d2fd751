import { checkNoBody } from './no-body';

describe('checkNoBody', () => {
  it('lets no body, an empty object and raw bytes through', () => {
    expect(() => checkNoBody(undefined)).not.toThrow();
    expect(() => checkNoBody({})).not.toThrow();
    expect(() => checkNoBody(Buffer.from('x'))).not.toThrow();
  });

  it('refuses fields with 400 INPUT.INVALID, naming each as unknown', () => {
    expect(() => checkNoBody({ reason: 'x' })).toThrow(
      expect.objectContaining({
        code: 'INPUT.INVALID',
        status: 400,
        details: [expect.objectContaining({ field: 'reason', rule: 'unknown-field' })],
      }),
    );
  });

  it('refuses any other JSON value', () => {
    for (const body of [[], [1], null]) {
      expect(() => checkNoBody(body)).toThrow(expect.objectContaining({ status: 400 }));
    }
  });
});
