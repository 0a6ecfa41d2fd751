import { toCsv } from './csv';

const text = (csv: Buffer) => csv.subarray(3).toString('utf8');

describe('toCsv', () => {
  it('starts with a byte-order mark and ends every line with CRLF', () => {
    const csv = toCsv(['a', 'b'], [['1', 2]]);
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text(csv)).toBe('a,b\r\n1,2\r\n');
  });

  it('quotes a field with a comma, a quote or a line break, doubling quotes', () => {
    expect(text(toCsv(['h'], [['a,b'], ['say "hi"'], ['two\nlines'], ['纯文本']]))).toBe(
      'h\r\n"a,b"\r\n"say ""hi"""\r\n"two\nlines"\r\n纯文本\r\n',
    );
  });

  it('keeps a text a spreadsheet would run as a formula from running', () => {
    const rows = [['=1+1'], ['+86'], ['-2'], ['@SUM(A1)'], ['\tx'], [-2]];
    expect(text(toCsv(['h'], rows)).split('\r\n')).toEqual([
      'h',
      "'=1+1",
      "'+86",
      "'-2",
      "'@SUM(A1)",
      "'\tx",
      '-2',
      '',
    ]);
  });

  it('leaves empty values empty, and writes booleans and dates as text', () => {
    const at = new Date('2025-07-15T15:59:59.000Z');
    expect(text(toCsv(['a', 'b', 'c', 'd'], [[null, undefined, true, at]]))).toBe(
      'a,b,c,d\r\n,,true,2025-07-15T15:59:59.000Z\r\n',
    );
  });
});
