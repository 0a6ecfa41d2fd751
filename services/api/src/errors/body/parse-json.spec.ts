import { jsonCharset, parseJson } from './parse-json';

describe('parseJson', () => {
  const parse = (text: string) => parseJson('utf-8', Buffer.from(text));

  it('reads objects and arrays, a byte order mark dropped, and an empty body as {}', () => {
    expect(parse('{"a":1}')).toEqual({ a: 1 });
    expect(parse(' [1]')).toEqual([1]);
    expect(parse('\uFEFF{"a":1}')).toEqual({ a: 1 });
    expect(parse('')).toEqual({});
  });

  it('refuses other top-level values, broken JSON and deep nesting', () => {
    for (const text of ['null', '123', '""', '{"a":', '\u0000']) {
      expect(() => parse(text)).toThrow(expect.objectContaining({ type: 'entity.parse.failed' }));
    }
    expect(() => parse('['.repeat(100) + ']'.repeat(100))).toThrow(
      expect.objectContaining({ type: 'entity.too.deep' }),
    );
  });

  it('takes UTF charsets only', () => {
    expect(jsonCharset({ 'content-type': 'application/json' })).toBe('utf-8');
    expect(jsonCharset({ 'content-type': 'application/json; charset="UTF-16LE"' })).toBe(
      'utf-16le',
    );
    expect(() => jsonCharset({ 'content-type': 'application/json; charset=latin1' })).toThrow(
      expect.objectContaining({ status: 415 }),
    );
  });
});
