import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';

import { writeXlsx, type Sheet, type WorkbookInput } from './xlsx';
import { sampleLedger } from './xlsx-sample';
import { columnName, excelSerial } from './xlsx-values';
import { writeZip, zipTimestamp } from './zip';

/* ------------------------------------------------------------------------------------------------
 * Reading back: cells, sheet names and properties with ExcelJS, as a spreadsheet would; the XML
 * of a part ExcelJS does not expose (charts, drawings, relationships, markup) with fflate.
 * --------------------------------------------------------------------------------------------- */

/** The package's parts as text, by name, in archive order. */
function unpack(xlsx: Buffer): Map<string, string> {
  return new Map(Object.entries(unzipSync(xlsx)).map(([name, data]) => [name, strFromU8(data)]));
}

async function readBack(xlsx: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  // ExcelJS declares its own `Buffer` type; a Node Buffer is what it reads.
  await workbook.xlsx.load(xlsx as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  return workbook;
}

function worksheet(workbook: ExcelJS.Workbook, index: number): ExcelJS.Worksheet {
  const found = workbook.worksheets[index];
  if (!found) throw new Error(`no sheet ${index}`);
  return found;
}

/** The DOS date and time words of the first entry's local header (the package starts with it). */
const firstEntryStamp = (zip: Buffer) => ({
  dosTime: zip.readUInt16LE(10),
  dosDate: zip.readUInt16LE(12),
});

function part(parts: Map<string, string>, name: string): string {
  const text = parts.get(name);
  if (text === undefined) throw new Error(`missing part ${name}`);
  return text;
}

/* ------------------------------------------------------------------------------------------------
 * A small XML well-formedness checker: declaration, tag nesting, one root, attribute syntax and
 * uniqueness, entity references, characters XML forbids, and namespace prefixes in scope.
 * --------------------------------------------------------------------------------------------- */

const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const NAME = '[A-Za-z_][\\w.:-]*';
const START_TAG = new RegExp(`^<(${NAME})((?:\\s+${NAME}\\s*=\\s*"[^"]*")*)\\s*(/?)>$`);
const END_TAG = new RegExp(`^</(${NAME})\\s*>$`);
const ATTRIBUTE = new RegExp(`(${NAME})\\s*=\\s*"([^"]*)"`, 'g');
const BAD_ENTITY = /&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/;
const BAD_CHAR = new RegExp('[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\uFFFE\\uFFFF]');

function checkPrefix(qualified: string, scope: ReadonlySet<string>, where: string): void {
  const colon = qualified.indexOf(':');
  if (colon < 0) return;
  const prefix = qualified.slice(0, colon);
  if (prefix !== 'xml' && prefix !== 'xmlns' && !scope.has(prefix)) {
    throw new Error(`${where}: undeclared prefix "${prefix}" in <${qualified}>`);
  }
}

function openTag(
  match: RegExpExecArray,
  parent: ReadonlySet<string>,
  where: string,
): { name: string; scope: Set<string>; empty: boolean } {
  const [, name = '', attributes = '', slash] = match;
  const scope = new Set(parent);
  const seen = new Set<string>();
  const pairs = [...attributes.matchAll(ATTRIBUTE)];
  for (const [, attribute = '', value = ''] of pairs) {
    if (seen.has(attribute)) throw new Error(`${where}: duplicate attribute ${attribute}`);
    seen.add(attribute);
    if (BAD_ENTITY.test(value)) throw new Error(`${where}: bad entity in ${attribute}`);
    if (attribute.startsWith('xmlns:')) scope.add(attribute.slice(6));
    if (attribute === 'xmlns') scope.add('');
  }
  if (!name.includes(':') && !scope.has('')) {
    throw new Error(`${where}: <${name}> has no default namespace`);
  }
  checkPrefix(name, scope, where);
  for (const [, attribute = ''] of pairs) checkPrefix(attribute, scope, where);
  return { name, scope, empty: slash === '/' };
}

function checkXml(where: string, xml: string): void {
  if (!xml.startsWith(DECLARATION)) throw new Error(`${where}: no XML declaration`);
  if (BAD_CHAR.test(xml)) throw new Error(`${where}: a character XML 1.0 forbids`);
  const stack: { name: string; scope: Set<string> }[] = [];
  let roots = 0;
  for (const [token] of xml.slice(DECLARATION.length).matchAll(/<[^<>]*>|[^<]+|</g)) {
    if (!token.startsWith('<')) {
      if (stack.length === 0 && token.trim() !== '') throw new Error(`${where}: text outside root`);
      if (BAD_ENTITY.test(token)) throw new Error(`${where}: bad entity in text`);
      continue;
    }
    const end = END_TAG.exec(token);
    if (end) {
      const open = stack.pop();
      if (open?.name !== end[1]) throw new Error(`${where}: </${end[1]}> closes <${open?.name}>`);
      continue;
    }
    const start = START_TAG.exec(token);
    if (!start) throw new Error(`${where}: malformed tag ${token.slice(0, 80)}`);
    if (stack.length === 0 && ++roots > 1) throw new Error(`${where}: more than one root`);
    const tag = openTag(start, stack.at(-1)?.scope ?? new Set(), where);
    if (!tag.empty) stack.push(tag);
  }
  if (stack.length > 0) throw new Error(`${where}: <${stack.at(-1)?.name}> is never closed`);
  if (roots !== 1) throw new Error(`${where}: no root element`);
}

/* ------------------------------------------------------------------------------------------------
 * Reading back what the writer wrote.
 * --------------------------------------------------------------------------------------------- */

function unescapeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, entity: string) => {
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (named[entity]) return named[entity];
    return String.fromCodePoint(
      entity.startsWith('#x') ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10),
    );
  });
}

function sharedStrings(parts: Map<string, string>): string[] {
  const xml = part(parts, 'xl/sharedStrings.xml');
  return [...xml.matchAll(/<si><t(?: xml:space="preserve")?>([^<]*)<\/t><\/si>/g)].map((m) =>
    unescapeXml(m[1] ?? ''),
  );
}

function relationshipTargets(xml: string): Map<string, { type: string; target: string }> {
  return new Map(
    [...xml.matchAll(/<Relationship Id="([^"]+)" Type="([^"]+)" Target="([^"]+)"\/>/g)].map((m) => [
      m[1] ?? '',
      { type: m[2] ?? '', target: unescapeXml(m[3] ?? '') },
    ]),
  );
}

/** `xl/worksheets/_rels/sheet1.xml.rels` + `../drawings/drawing1.xml` → `xl/drawings/drawing1.xml` */
function resolveTarget(relsPath: string, target: string): string {
  const source = relsPath.replace(/_rels\/([^/]+)\.rels$/, '$1');
  const segments = source.split('/').slice(0, -1);
  for (const segment of target.split('/')) {
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return segments.join('/');
}

function allText(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) =>
    unescapeXml(m[1] ?? ''),
  );
}

/* ------------------------------------------------------------------------------------------------ */

const cst = (wallClock: string) => new Date(`${wallClock}+08:00`);

const halfMonthly: Sheet = {
  name: '半月报',
  caption: ['防止返贫动态监测半月报', '乡镇：东城镇'],
  freezeHeader: true,
  columns: [
    { header: '乡镇代码', type: 'text', width: 14 },
    { header: '乡镇名称' },
    { header: '年末监测户数', type: 'number' },
    { header: '上年末监测户数', type: 'number' },
    { header: '接收日期', type: 'date' },
    { header: '接收时间', type: 'datetime' },
    { header: '已核实' },
  ],
  rows: [
    ['001', '东城镇', 12, 10, cst('2025-07-01T00:00:00'), cst('2025-07-01T08:00:00'), true],
    ['002', 'A&B <"西城">', 7, 9, new Date('2025-07-01'), cst('2025-07-02T23:59:00'), false],
    ['010', ' 南湖乡 ', 3.5, null, undefined, null, null],
  ],
  charts: [
    {
      type: 'column',
      title: '各乡镇监测户数：年末与上年末',
      categoryColumn: 1,
      series: [
        { name: '年末监测户数', column: 2 },
        { name: '上年末监测户数', column: 3 },
      ],
    },
    {
      type: 'bar',
      title: '堆叠',
      stacked: true,
      categoryColumn: 0,
      series: [
        { name: '年末', column: 2 },
        { name: '上年末监测户数', column: 3 },
      ],
      fromRow: 1,
      toRow: 2,
      at: { col: 9, row: 30, widthCols: 6, heightRows: 12 },
    },
  ],
};

const trend: Sheet = {
  name: "It's 趋势",
  columns: [{ header: '月份', type: 'text' }, { header: '月末监测户数' }],
  rows: [
    ['2025-01', 2],
    ['2025-02', 3],
  ],
  charts: [
    {
      type: 'line',
      title: '分月趋势',
      categoryColumn: 0,
      series: [{ name: '月末监测户数', column: 1 }],
    },
  ],
};

const input: WorkbookInput = {
  creator: '监测系统 & <co>',
  created: cst('2025-07-15T10:30:00'),
  sheets: [halfMonthly, trend, { name: 'Empty', columns: [], rows: [] }],
};

describe('writeXlsx: the package', () => {
  const xlsx = writeXlsx(input);
  const parts = unpack(xlsx);

  it('is a ZIP of the package parts, in order', () => {
    expect(xlsx.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    expect([...parts.keys()]).toEqual([
      '[Content_Types].xml',
      '_rels/.rels',
      'docProps/core.xml',
      'docProps/app.xml',
      'xl/workbook.xml',
      'xl/_rels/workbook.xml.rels',
      'xl/styles.xml',
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/_rels/sheet1.xml.rels',
      'xl/drawings/drawing1.xml',
      'xl/drawings/_rels/drawing1.xml.rels',
      'xl/charts/chart1.xml',
      'xl/charts/chart2.xml',
      'xl/worksheets/sheet2.xml',
      'xl/worksheets/_rels/sheet2.xml.rels',
      'xl/drawings/drawing2.xml',
      'xl/drawings/_rels/drawing2.xml.rels',
      'xl/charts/chart3.xml',
      'xl/worksheets/sheet3.xml',
      'xl/sharedStrings.xml',
    ]);
  });

  it('stamps the entries with the creation time in China Standard Time, and is deterministic', () => {
    // 2025-07-15 10:30:00
    expect(firstEntryStamp(xlsx)).toEqual({
      dosDate: ((2025 - 1980) << 9) | (7 << 5) | 15,
      dosTime: (10 << 11) | (30 << 5),
    });
    expect(writeXlsx(input).equals(xlsx)).toBe(true);
    expect(firstEntryStamp(writeXlsx({ sheets: [trend] }))).toEqual({
      dosDate: (0 << 9) | (1 << 5) | 1,
      dosTime: 0,
    });
  });

  it('produces only well-formed XML parts', () => {
    expect([...parts.keys()].every((name) => /\.(xml|rels)$/.test(name))).toBe(true);
    for (const [name, xml] of parts) expect(() => checkXml(name, xml)).not.toThrow();
  });

  it('gives every part a content type, and no content type to a part that is missing', () => {
    const types = part(parts, '[Content_Types].xml');
    expect(types).toContain(
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
    );
    expect(types).toContain('<Default Extension="xml" ContentType="application/xml"/>');
    const overrides = new Map(
      [...types.matchAll(/<Override PartName="\/([^"]+)" ContentType="([^"]+)"\/>/g)].map((m) => [
        m[1] ?? '',
        m[2] ?? '',
      ]),
    );
    const office = 'application/vnd.openxmlformats-officedocument';
    const expected: Record<string, string> = {
      'xl/workbook.xml': `${office}.spreadsheetml.sheet.main+xml`,
      'xl/styles.xml': `${office}.spreadsheetml.styles+xml`,
      'xl/sharedStrings.xml': `${office}.spreadsheetml.sharedStrings+xml`,
      'xl/worksheets/sheet1.xml': `${office}.spreadsheetml.worksheet+xml`,
      'xl/worksheets/sheet2.xml': `${office}.spreadsheetml.worksheet+xml`,
      'xl/worksheets/sheet3.xml': `${office}.spreadsheetml.worksheet+xml`,
      'xl/drawings/drawing1.xml': `${office}.drawing+xml`,
      'xl/drawings/drawing2.xml': `${office}.drawing+xml`,
      'xl/charts/chart1.xml': `${office}.drawingml.chart+xml`,
      'xl/charts/chart2.xml': `${office}.drawingml.chart+xml`,
      'xl/charts/chart3.xml': `${office}.drawingml.chart+xml`,
      'docProps/core.xml': 'application/vnd.openxmlformats-package.core-properties+xml',
      'docProps/app.xml': `${office}.extended-properties+xml`,
    };
    expect(Object.fromEntries(overrides)).toEqual(expected);
    const rest = [...parts.keys()].filter((n) => !overrides.has(n) && n !== '[Content_Types].xml');
    expect(rest.every((n) => n.endsWith('.rels'))).toBe(true);
  });

  it('resolves every relationship to a part of the package', () => {
    const rels = [...parts.keys()].filter((n) => n.endsWith('.rels'));
    expect(rels).toHaveLength(6);
    for (const name of rels) {
      for (const { target } of relationshipTargets(part(parts, name)).values()) {
        const resolved = name === '_rels/.rels' ? target : resolveTarget(name, target);
        expect(parts.has(resolved)).toBe(true);
      }
    }
    const root = relationshipTargets(part(parts, '_rels/.rels'));
    expect([...root.values()].map((r) => r.target).sort()).toEqual([
      'docProps/app.xml',
      'docProps/core.xml',
      'xl/workbook.xml',
    ]);
  });

  it('lists the sheets in order, each bound to its worksheet', async () => {
    const workbook = await readBack(xlsx);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      '半月报',
      "It's 趋势",
      'Empty',
    ]);
    expect(worksheet(workbook, 0).getCell('A1').value).toBe('防止返贫动态监测半月报');
    expect(worksheet(workbook, 1).getCell('A1').value).toBe('月份');
    expect(worksheet(workbook, 2).rowCount).toBe(0);
    const rels = relationshipTargets(part(parts, 'xl/_rels/workbook.xml.rels'));
    expect([...rels.values()].map((r) => r.target)).toEqual(
      expect.arrayContaining(['styles.xml', 'sharedStrings.xml']),
    );
  });

  it('writes the document properties, escaped', async () => {
    const workbook = await readBack(xlsx);
    expect(workbook.creator).toBe('监测系统 & <co>');
    expect(workbook.created).toEqual(new Date('2025-07-15T02:30:00Z'));
    expect(allText(part(parts, 'docProps/app.xml'), 'vt:lpstr')).toEqual([
      'Worksheets',
      '半月报',
      "It's 趋势",
      'Empty',
    ]);
  });
});

describe('writeXlsx: cells', () => {
  const parts = unpack(writeXlsx(input));
  let workbook: ExcelJS.Workbook;
  let sheet: ExcelJS.Worksheet;
  beforeAll(async () => {
    workbook = await readBack(writeXlsx(input));
    sheet = worksheet(workbook, 0);
  });
  const value = (ref: string) => sheet.getCell(ref).value;

  it('puts the caption rows first, then the bold header, then the data', () => {
    expect(value('A1')).toBe('防止返贫动态监测半月报');
    expect(value('A2')).toBe('乡镇：东城镇');
    expect(['A3', 'B3', 'C3', 'G3'].map(value)).toEqual([
      '乡镇代码',
      '乡镇名称',
      '年末监测户数',
      '已核实',
    ]);
    expect(sheet.getCell('A3').font?.bold).toBe(true);
    expect(sheet.getCell('A4').font?.bold).toBeFalsy();
    expect(value('B4')).toBe('东城镇');
    expect(part(parts, 'xl/worksheets/sheet1.xml')).toContain('<dimension ref="A1:G6"/>');
  });

  it('keeps Chinese text and escapes <&>" in the shared strings', () => {
    expect(value('B5')).toBe('A&B <"西城">');
    expect(value('B6')).toBe(' 南湖乡 ');
    const sst = part(parts, 'xl/sharedStrings.xml');
    expect(sst).toContain('<t>A&amp;B &lt;"西城"&gt;</t>');
    expect(sst).toContain('<t xml:space="preserve"> 南湖乡 </t>');
    // Each distinct text once; the count is every reference.
    const strings = sharedStrings(parts);
    expect(strings).toEqual(
      expect.arrayContaining(['防止返贫动态监测半月报', '乡镇代码', '东城镇']),
    );
    expect(sst).toMatch(new RegExp(`uniqueCount="${strings.length}"`));
    expect(new Set(strings).size).toBe(strings.length);
  });

  it('writes dates as serial numbers of Asia/Shanghai wall time, with date and datetime formats', () => {
    // ExcelJS reads a serial number as that wall time in UTC: 45839 is 2025-07-01 00:00.
    expect(value('E4')).toEqual(new Date('2025-07-01T00:00:00Z'));
    expect(sheet.getCell('E4').numFmt).toBe('yyyy-mm-dd');
    // A date column shows the Beijing calendar date: 2025-07-01T00:00Z is 08:00 on 1 July there.
    expect(value('E5')).toEqual(new Date('2025-07-01T00:00:00Z'));
    expect(value('F4')).toEqual(new Date('2025-07-01T08:00:00Z'));
    expect(sheet.getCell('F4').numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(value('F5')).toEqual(new Date('2025-07-02T23:59:00Z'));
  });

  it('writes numbers as numbers, booleans as booleans, and leaves empty values out', () => {
    expect(sheet.getCell('C4').type).toBe(ExcelJS.ValueType.Number);
    expect(value('C4')).toBe(12);
    expect(value('C6')).toBe(3.5);
    expect(sheet.getCell('G4').type).toBe(ExcelJS.ValueType.Boolean);
    expect([value('G4'), value('G5')]).toEqual([true, false]);
    expect(['D6', 'E6', 'F6', 'G6'].map(value)).toEqual([null, null, null, null]);
    const xml = part(parts, 'xl/worksheets/sheet1.xml');
    for (const ref of ['D6', 'E6', 'F6', 'G6']) expect(xml).not.toContain(`r="${ref}"`);
  });

  it('keeps codes with leading zeros as text in a text column', async () => {
    expect(sheet.getCell('A4').type).toBe(ExcelJS.ValueType.String);
    expect([value('A4'), value('A6')]).toEqual(['001', '010']);
    expect(sheet.getCell('A4').numFmt).toBe('@');
    const numbersAsText = worksheet(
      await readBack(
        writeXlsx({
          sheets: [
            { name: 'S', columns: [{ header: 'code', type: 'text' }], rows: [[42], [true]] },
          ],
        }),
      ),
      0,
    );
    expect(numbersAsText.getCell('A2').type).toBe(ExcelJS.ValueType.String);
    expect([numbersAsText.getCell('A2').value, numbersAsText.getCell('A3').value]).toEqual([
      '42',
      'TRUE',
    ]);
  });

  it('freezes the header pane and sets the column widths', () => {
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3, topLeftCell: 'A4' });
    expect(sheet.getColumn(1).width).toBe(14);
    expect(sheet.columns).toHaveLength(7);
    // Wide enough for "yyyy-mm-dd hh:mm".
    expect(sheet.getColumn(6).width).toBeGreaterThanOrEqual(16);
    expect(worksheet(workbook, 1).views[0]?.state).not.toBe('frozen');
  });

  it('strips characters XML forbids and protects literal _xHHHH_ text', async () => {
    const xlsx = writeXlsx({
      sheets: [
        {
          name: 'S',
          columns: [{ header: 'h' }],
          rows: [['a\u0001b\u0000c\u001fd\ttab\nline'], ['_x0041_'], ['\ud800lone']],
        },
      ],
    });
    const read = worksheet(await readBack(xlsx), 0);
    expect(['A1', 'A2', 'A3', 'A4'].map((ref) => read.getCell(ref).value)).toEqual([
      'h',
      'abcd\ttab\nline',
      '_x0041_',
      'lone',
    ]);
    const sst = part(unpack(xlsx), 'xl/sharedStrings.xml');
    expect(sst).toContain('<t>_x005F_x0041_</t>');
    expect(sst).toContain('<t xml:space="preserve">abcd\ttab\nline</t>');
  });

  it('names columns beyond Z', async () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702, 16383].map(columnName)).toEqual([
      'A',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
      'XFD',
    ]);
    const columns = Array.from({ length: 30 }, (_, i) => ({ header: `c${i}` }));
    const xlsx = writeXlsx({
      sheets: [{ name: 'Wide', columns, rows: [columns.map((_, i) => i)] }],
    });
    const wide = worksheet(await readBack(xlsx), 0);
    expect(['AD1', 'AD2', 'AA2'].map((ref) => wide.getCell(ref).value)).toEqual(['c29', 29, 26]);
    expect(part(unpack(xlsx), 'xl/worksheets/sheet1.xml')).toContain('<dimension ref="A1:AD2"/>');
  });

  it('counts serial numbers like Excel, including its phantom 29 February 1900', () => {
    expect(excelSerial(cst('1900-01-01T00:00:00'))).toBe(1);
    expect(excelSerial(cst('1900-02-28T00:00:00'))).toBe(59);
    expect(excelSerial(cst('1900-03-01T00:00:00'))).toBe(61);
    expect(excelSerial(cst('1970-01-01T00:00:00'))).toBe(25569);
    expect(excelSerial(cst('2025-07-01T00:00:00'))).toBe(45839);
    expect(excelSerial(cst('2025-07-01T08:00:00'))).toBeCloseTo(45839.333333333, 8);
    expect(excelSerial(cst('1899-12-31T00:00:00'))).toBeUndefined();
    expect(excelSerial(new Date(NaN))).toBeUndefined();
  });
});

describe('writeXlsx: charts', () => {
  const parts = unpack(writeXlsx(input));
  const column = part(parts, 'xl/charts/chart1.xml');
  const stacked = part(parts, 'xl/charts/chart2.xml');
  const line = part(parts, 'xl/charts/chart3.xml');

  it('references the data ranges with the quoted sheet name', () => {
    // Two caption rows, header on row 3, data on rows 4–6.
    expect(allText(column, 'c:f')).toEqual([
      "'半月报'!$C$3",
      "'半月报'!$B$4:$B$6",
      "'半月报'!$C$4:$C$6",
      "'半月报'!$D$3",
      "'半月报'!$B$4:$B$6",
      "'半月报'!$D$4:$D$6",
    ]);
    // fromRow/toRow pick rows 1–2 (sheet rows 5–6); a series named differently is a literal.
    expect(allText(stacked, 'c:f')).toEqual([
      "'半月报'!$A$5:$A$6",
      "'半月报'!$C$5:$C$6",
      "'半月报'!$D$3",
      "'半月报'!$A$5:$A$6",
      "'半月报'!$D$5:$D$6",
    ]);
    expect(stacked).toContain('<c:tx><c:v>年末</c:v></c:tx>');
    // Apostrophes in a sheet name are doubled.
    expect(allText(line, 'c:f')).toEqual([
      "'It''s 趋势'!$B$1",
      "'It''s 趋势'!$A$2:$A$3",
      "'It''s 趋势'!$B$2:$B$3",
    ]);
  });

  it('caches the names, categories and values', () => {
    expect(allText(column, 'c:v')).toEqual([
      '年末监测户数',
      '东城镇',
      'A&B <"西城">',
      ' 南湖乡 ',
      '12',
      '7',
      '3.5',
      '上年末监测户数',
      '东城镇',
      'A&B <"西城">',
      ' 南湖乡 ',
      '10',
      '9',
    ]);
    // The blank D6 keeps its slot in ptCount but has no point.
    const lastSeries = column.slice(column.lastIndexOf('<c:numCache>'));
    expect(lastSeries).toContain(
      '<c:numCache><c:formatCode>General</c:formatCode><c:ptCount val="3"/>',
    );
    expect(lastSeries).not.toContain('<c:pt idx="2">');
    expect(allText(line, 'c:v')).toEqual(['月末监测户数', '2025-01', '2025-02', '2', '3']);
  });

  it('draws columns, stacked bars and lines with matching axes, a legend and a title', () => {
    expect(column).toContain('<c:barDir val="col"/><c:grouping val="clustered"/>');
    expect(column).not.toContain('<c:overlap');
    expect(stacked).toContain('<c:barDir val="bar"/><c:grouping val="stacked"/>');
    expect(stacked).toContain('<c:overlap val="100"/>');
    expect(line).toContain('<c:lineChart><c:grouping val="standard"/>');
    for (const chart of [column, stacked, line]) {
      const plotAxes = [...chart.matchAll(/<c:axId val="(\d+)"\/>/g)].map((m) => m[1]);
      expect(plotAxes).toHaveLength(4); // twice in the plot, once in each axis
      const cat = /<c:catAx><c:axId val="(\d+)"\/>.*<c:crossAx val="(\d+)"\/>.*<\/c:catAx>/.exec(
        chart,
      );
      const val = /<c:valAx><c:axId val="(\d+)"\/>.*<c:crossAx val="(\d+)"\/>.*<\/c:valAx>/.exec(
        chart,
      );
      expect(cat?.[1]).toBe(val?.[2]);
      expect(val?.[1]).toBe(cat?.[2]);
      expect(plotAxes.slice(0, 2)).toEqual([cat?.[1], val?.[1]]);
      expect(chart).toContain('<c:legend><c:legendPos val="b"/>');
    }
    expect(allText(column, 'a:t')).toEqual(['各乡镇监测户数：年末与上年末']);
  });

  it('anchors the charts in the sheet drawing, and links sheet → drawing → chart', () => {
    expect(part(parts, 'xl/worksheets/sheet1.xml')).toContain('<drawing r:id="rId1"/>');
    expect(part(parts, 'xl/worksheets/sheet3.xml')).not.toContain('<drawing');
    const sheetRels = relationshipTargets(part(parts, 'xl/worksheets/_rels/sheet1.xml.rels'));
    expect(sheetRels.get('rId1')?.target).toBe('../drawings/drawing1.xml');
    const drawing = part(parts, 'xl/drawings/drawing1.xml');
    const chartIds = [...drawing.matchAll(/<c:chart [^>]*r:id="(\w+)"\/>/g)].map((m) => m[1]);
    const drawingRels = relationshipTargets(part(parts, 'xl/drawings/_rels/drawing1.xml.rels'));
    expect(chartIds.map((id) => drawingRels.get(id ?? '')?.target)).toEqual([
      '../charts/chart1.xml',
      '../charts/chart2.xml',
    ]);
    expect(
      relationshipTargets(part(parts, 'xl/drawings/_rels/drawing2.xml.rels')).get('rId1')?.target,
    ).toBe('../charts/chart3.xml');
    const anchors = [
      ...drawing.matchAll(/<xdr:col>(\d+)<\/xdr:col>.*?<xdr:row>(\d+)<\/xdr:row>/g),
    ].map((m) => [Number(m[1]), Number(m[2])]);
    // Default: right of the 7 data columns, level with the header; explicit: where asked.
    expect(anchors).toEqual([
      [8, 2],
      [16, 18],
      [9, 30],
      [15, 42],
    ]);
  });

  it('still writes a chart over a sheet with no rows', () => {
    const p = unpack(
      writeXlsx({
        sheets: [{ ...trend, name: 'None', rows: [] }],
      }),
    );
    const chart = part(p, 'xl/charts/chart1.xml');
    expect(allText(chart, 'c:f')).toEqual(["'None'!$B$1", "'None'!$A$2", "'None'!$B$2"]);
    for (const [name, xml] of p) expect(() => checkXml(name, xml)).not.toThrow();
  });
});

describe('writeXlsx: validation', () => {
  const sheet = (name: string): Sheet => ({ name, columns: [{ header: 'h' }], rows: [] });
  const write =
    (...sheets: Sheet[]) =>
    () =>
      writeXlsx({ sheets });

  it('rejects sheet names Excel would refuse', () => {
    expect(write(sheet('x'.repeat(32)))).toThrow(/at most 31/);
    expect(write(sheet('x'.repeat(31)))).not.toThrow();
    for (const ch of ['[', ']', ':', '*', '?', '/', '\\']) {
      expect(write(sheet(`a${ch}b`))).toThrow(/are allowed/);
    }
    expect(write(sheet(''))).toThrow(/has no name/);
    expect(write(sheet("'quoted'"))).toThrow(/apostrophe/);
    expect(write(sheet('History'))).toThrow(/reserved/);
    expect(write(sheet('报表'), sheet('报表'))).toThrow(/used twice/);
    expect(write(sheet('Data'), sheet('DATA'))).toThrow(/used twice/);
    expect(() => writeXlsx({ sheets: [] })).toThrow(/at least one sheet/);
  });

  it('rejects rows wider than the columns and charts that point outside the sheet', () => {
    expect(write({ ...sheet('S'), rows: [['a', 'b']] })).toThrow(/row 0 has 2 cells/);
    const chart = (overrides: Partial<NonNullable<Sheet['charts']>[number]>): Sheet => ({
      ...trend,
      charts: [
        {
          type: 'column',
          title: 't',
          categoryColumn: 0,
          series: [{ name: 'v', column: 1 }],
          ...overrides,
        },
      ],
    });
    expect(write(chart({}))).not.toThrow();
    expect(write(chart({ categoryColumn: 2 }))).toThrow(/category column 2/);
    expect(write(chart({ series: [{ name: 'v', column: 5 }] }))).toThrow(/series "v" column 5/);
    expect(write(chart({ series: [] }))).toThrow(/needs a series/);
    expect(write(chart({ fromRow: 1, toRow: 0 }))).toThrow(/rows 1–0/);
    expect(write(chart({ toRow: 2 }))).toThrow(/not within the 2 data rows/);
    expect(write(chart({ type: 'pie' as 'bar' }))).toThrow(/unknown type "pie"/);
  });
});

describe('the ZIP writer', () => {
  it('stamps wall-clock time at the offset, in any time zone of the machine, within 1980–2099', () => {
    const local = (d: Date) => [
      d.getFullYear(),
      d.getMonth() + 1,
      d.getDate(),
      d.getHours(),
      d.getMinutes(),
    ];
    expect(local(zipTimestamp(new Date('2025-07-15T02:30:00Z'), 8 * 60))).toEqual([
      2025, 7, 15, 10, 30,
    ]);
    expect(local(zipTimestamp(undefined))).toEqual([1980, 1, 1, 0, 0]);
    expect(local(zipTimestamp(new Date('1970-01-01T00:00:00Z')))).toEqual([1980, 1, 1, 0, 0]);
    expect(local(zipTimestamp(new Date(NaN)))).toEqual([1980, 1, 1, 0, 0]);
    expect(local(zipTimestamp(new Date('2150-01-01T00:00:00Z')))).toEqual([2099, 12, 31, 23, 59]);
  });

  it('round-trips entries, and refuses duplicates', () => {
    const zip = writeZip([
      { name: 'a.txt', data: 'hello' },
      { name: '目录/b.bin', data: Buffer.from([0, 1, 2, 255]) },
      { name: 'empty', data: '' },
    ]);
    const read = Object.entries(unzipSync(zip));
    expect(read.map(([name, data]) => [name, Buffer.from(data).toString('hex')])).toEqual([
      ['a.txt', Buffer.from('hello').toString('hex')],
      ['目录/b.bin', '000102ff'],
      ['empty', ''],
    ]);
    expect(() =>
      writeZip([
        { name: 'a', data: '' },
        { name: 'a', data: '' },
      ]),
    ).toThrow(/duplicate/);
    expect(() => writeZip([{ name: '1', data: '' }])).toThrow(/bare number/);
  });
});

describe('the XML checker used here', () => {
  it('catches malformed XML', () => {
    const ok = `${DECLARATION}<a xmlns="urn:x" xmlns:p="urn:p"><p:b c="1"/>x &amp; y</a>`;
    expect(() => checkXml('ok', ok)).not.toThrow();
    const bad = [
      `${DECLARATION}<a xmlns="urn:x"><b></a></b>`,
      `${DECLARATION}<a xmlns="urn:x"><b>`,
      `${DECLARATION}<a xmlns="urn:x">x & y</a>`,
      `${DECLARATION}<a xmlns="urn:x">x < y</a>`,
      `${DECLARATION}<a xmlns="urn:x"><q:b/></a>`,
      `${DECLARATION}<a xmlns="urn:x" c="1" c="2"/>`,
      `${DECLARATION}<a xmlns="urn:x"/><b xmlns="urn:x"/>`,
      `${DECLARATION}<a xmlns="urn:x">\u0001</a>`,
      `<a xmlns="urn:x"/>`,
    ];
    for (const xml of bad) expect(() => checkXml('bad', xml)).toThrow();
  });
});

describe('writeXlsx: a large sheet', () => {
  /** More than any township's ledger; the city's 100,000 households are the bench's. */
  const ROWS = 30_000;

  it(`writes ${ROWS} rows × 10 columns and reads them all back (100,000 and its speed: npm run bench)`, async () => {
    const { columns, rows } = sampleLedger(ROWS);
    const xlsx = writeXlsx({
      sheets: [
        {
          name: '明细',
          columns,
          rows,
          freezeHeader: true,
          charts: [
            {
              type: 'line',
              title: 't',
              categoryColumn: 0,
              series: [{ name: '数值0', column: 4 }],
              toRow: 99,
            },
          ],
        },
      ],
    });

    const parts = unpack(xlsx);
    const sheet = part(parts, 'xl/worksheets/sheet1.xml');
    expect(sheet).toContain(`<dimension ref="A1:J${ROWS + 1}"/>`);
    expect(sheet.match(/<row /g)).toHaveLength(ROWS + 1);
    expect(sheet).toContain(`<row r="${ROWS + 1}"><c r="A${ROWS + 1}" s="5" t="s">`);
    expect(sheet.match(/<c r="J/g)).toHaveLength(1); // only the header: the nulls are left out
    expect(sharedStrings(parts)).toHaveLength(10 + ROWS + 1000);
    const read = worksheet(await readBack(xlsx), 0);
    expect(read.rowCount).toBe(ROWS + 1);
    const last = read.getRow(ROWS + 1);
    expect([1, 2, 5, 9, 10].map((c) => last.getCell(c).value)).toEqual([
      '029999',
      '户999',
      ROWS - 1,
      false,
      null,
    ]);
  }, 60_000);
});
