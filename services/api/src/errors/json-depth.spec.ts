import { jsonDepthExceeds } from './json-depth';

const nested = (depth: number) => Buffer.from('['.repeat(depth) + ']'.repeat(depth));

describe('jsonDepthExceeds', () => {
  it('accepts bodies up to the limit and refuses deeper ones', () => {
    expect(jsonDepthExceeds(nested(16), 16)).toBe(false);
    expect(jsonDepthExceeds(nested(17), 16)).toBe(true);
    expect(jsonDepthExceeds(nested(8000), 16)).toBe(true);
    expect(jsonDepthExceeds(Buffer.from('{"a":{"b":[1,{"c":2}]}}'), 4)).toBe(false);
    expect(jsonDepthExceeds(Buffer.from('{"a":{"b":[1,{"c":2}]}}'), 3)).toBe(true);
    expect(jsonDepthExceeds(Buffer.from('{"a":{"b":[1,{"c":{}}]}}'), 4)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    const body = JSON.stringify({ a: '[[[[[[[[[[', b: 'say \\"[[[[[["', c: '{{{{{{{{' });
    expect(jsonDepthExceeds(Buffer.from(body), 1)).toBe(false);
  });
});
