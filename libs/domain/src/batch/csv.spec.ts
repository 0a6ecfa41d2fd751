import { residentIdCheckChar } from '@fanpin/contracts';

import { decodeCsv, detectEncoding, splitCsv } from './csv';
import { checkBatch, csvBatchRows, csvColumns } from './records';

// Bytes of 户主姓名 in GBK, as office software in China saves them.
const gbkHeadName = Buffer.from([0xbb, 0xa7, 0xd6, 0xf7, 0xd0, 0xd5, 0xc3, 0xfb]);

describe('reading CSV files', () => {
  it('tells UTF-8 with or without a BOM from GBK, and honours an explicit charset', () => {
    expect(detectEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toBe('utf-8');
    expect(detectEncoding(Buffer.from('户主姓名', 'utf8'))).toBe('utf-8');
    expect(detectEncoding(gbkHeadName)).toBe('gb18030');
    expect(detectEncoding(Buffer.from('abc'), 'GBK')).toBe('gb18030');
    expect(decodeCsv(gbkHeadName)).toBe('户主姓名');
    expect(decodeCsv(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b')]))).toBe(
      'a,b',
    );
  });

  it('splits records with quotes, doubled quotes, CRLF and quoted line breaks, numbering lines', () => {
    const rows = splitCsv('a,b\r\n"x,1","say ""hi"""\r\n\r\n"two\nlines",z\nlast,');
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x,1', 'say "hi"'] },
      { line: 4, fields: ['two\nlines', 'z'] },
      { line: 6, fields: ['last', ''] },
    ]);
  });

  it('refuses a too long line or an unclosed quote on its own and reads on', () => {
    const text = ['h1,h2', 'ok,1', `${'x'.repeat(50)},2`, '"open,3', 'fine,4'].join('\n');
    expect(splitCsv(text, 20)).toEqual([
      { line: 1, fields: ['h1', 'h2'] },
      { line: 2, fields: ['ok', '1'] },
      { line: 3, problem: 'LINE_TOO_LONG' },
      { line: 4, problem: 'UNCLOSED_QUOTE' },
      { line: 5, fields: ['fine', '4'] },
    ]);
  });

  it('maps English and Chinese headers, and names the columns a header lacks', () => {
    expect(csvColumns(['预警编号', '村代码', '户主姓名', '身份证号', '触发情形'])).toEqual({
      columns: { alertId: 0, villageCode: 1, name: 2, residentId: 3, triggers: 4 },
    });
    expect(csvColumns(['alertId', 'name'])).toEqual({
      missing: ['villageCode', 'residentId', 'triggers'],
    });
  });

  it('turns CSV rows into records and checks them, a repeated alert id refused after its first line', () => {
    const header = 'alertId,villageCode,name,residentId,triggers,incomePerCapita';
    const id = `22068119500101001${residentIdCheckChar('22068119500101001')}`;
    const rows = csvBatchRows(
      splitCsv(
        [
          header,
          `A1,220681001200,张三,${id},2;5,"4,200"`,
          `A1,220681001200,张三,${id},2,`,
          `A2,220681001200,张三,${id},9,`,
          `A3,220681001200,张三,${id},2,-1`,
        ].join('\n'),
      ),
    );
    if ('problem' in rows) throw new Error(rows.problem);
    const checked = checkBatch(rows.rows);
    expect(checked.records).toEqual([
      expect.objectContaining({ line: 2, alertId: 'A1', triggers: [2, 5], incomePerCapita: 4200 }),
    ]);
    expect(checked.rejections.map((r) => [r.line, r.field, r.code])).toEqual([
      [3, 'alertId', 'ALERT.CONFLICT'],
      [4, 'triggers[0]', 'INPUT.INVALID'],
      [5, 'incomePerCapita', 'INPUT.INVALID'],
    ]);
    expect(JSON.stringify(checked.rejections)).not.toContain(id);
  });
});
