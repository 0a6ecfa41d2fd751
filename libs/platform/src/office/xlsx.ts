/**
 * A small XLSX (Office Open XML SpreadsheetML) writer with native charts; the ZIP is `fflate`'s.
 *
 * Supports: several sheets, each with optional caption rows, one bold header row (optionally
 * frozen) and data rows; column widths; strings (shared, UTF-8, XML-escaped, invalid XML
 * characters dropped), numbers, booleans, and dates as Excel serial numbers of Asia/Shanghai
 * wall-clock time (1900 date system) styled `yyyy-mm-dd` or `yyyy-mm-dd hh:mm`; `text` columns
 * that keep every value a string (codes with leading zeros); bar, column and line charts,
 * clustered or stacked, drawn from the sheet's own columns with cached values. The same input
 * always gives the same bytes.
 *
 * Does not support: formulas, merged cells, cell-level styling, hyperlinks, number formats other
 * than the above, other chart types, themes, or ZIP64 (packages of 4 GiB and more). Text longer
 * than Excel's 32,767 characters per cell is cut there; non-finite numbers and invalid dates are
 * written as empty cells; dates before 1900 as text.
 */
import { xmlAttr, xmlText, XML_HEADER } from './xml';
import { chartAnchors, chartXml, drawingXml, validateChart, type ChartSource } from './xlsx-chart';
import {
  CellStyle,
  columnName,
  displayText,
  MAX_CELL_TEXT,
  MAX_COLUMNS,
  MAX_ROWS,
  resolveCell,
  type ResolvedCell,
} from './xlsx-values';
import { writeZip } from './zip';

export type CellValue = string | number | boolean | Date | null | undefined;

export interface SheetColumn {
  header: string;
  /** In characters of the default font; default from the header and the first rows' contents. */
  width?: number;
  /** 'text' forces strings (e.g. codes with leading zeros) */
  type?: 'text' | 'number' | 'date' | 'datetime';
}

export interface ChartSeries {
  /** Shown in the legend; when it equals the column's header, it references the header cell. */
  name: string;
  /** 0-based column index in this sheet holding the values */
  column: number;
}

export interface SheetChart {
  /** bar = horizontal, column = vertical */
  type: 'bar' | 'column' | 'line';
  title: string;
  /** 0-based column holding category labels */
  categoryColumn: number;
  series: ChartSeries[];
  /** data rows used: 0-based indexes into `rows`, inclusive (default: all rows) */
  fromRow?: number;
  toRow?: number;
  stacked?: boolean;
  /** where the chart is drawn, 0-based cell anchor; default to the right of the data */
  at?: { col: number; row: number; widthCols?: number; heightRows?: number };
}

export interface Sheet {
  /** At most 31 characters, none of `[ ] : * ? / \`, unique in the workbook ignoring case. */
  name: string;
  columns: SheetColumn[];
  rows: CellValue[][];
  charts?: SheetChart[];
  /** optional title rows above the header (the first one bold and larger) */
  caption?: string[];
  freezeHeader?: boolean;
}

export interface WorkbookInput {
  sheets: Sheet[];
  creator?: string;
  /** Stamped in the document properties and on the ZIP entries (default 1980-01-01). */
  created?: Date;
}

const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PACKAGE_RELATIONSHIPS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const REL = {
  officeDocument: `${NS_RELATIONSHIPS}/officeDocument`,
  extendedProperties: `${NS_RELATIONSHIPS}/extended-properties`,
  coreProperties:
    'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties',
  worksheet: `${NS_RELATIONSHIPS}/worksheet`,
  styles: `${NS_RELATIONSHIPS}/styles`,
  sharedStrings: `${NS_RELATIONSHIPS}/sharedStrings`,
  drawing: `${NS_RELATIONSHIPS}/drawing`,
  chart: `${NS_RELATIONSHIPS}/chart`,
} as const;
const OFFICE = 'application/vnd.openxmlformats-officedocument';
const CONTENT_TYPE = {
  relationships: 'application/vnd.openxmlformats-package.relationships+xml',
  xml: 'application/xml',
  workbook: `${OFFICE}.spreadsheetml.sheet.main+xml`,
  worksheet: `${OFFICE}.spreadsheetml.worksheet+xml`,
  styles: `${OFFICE}.spreadsheetml.styles+xml`,
  sharedStrings: `${OFFICE}.spreadsheetml.sharedStrings+xml`,
  drawing: `${OFFICE}.drawing+xml`,
  chart: `${OFFICE}.drawingml.chart+xml`,
  coreProperties: 'application/vnd.openxmlformats-package.core-properties+xml',
  extendedProperties: `${OFFICE}.extended-properties+xml`,
} as const;

const SHANGHAI_OFFSET_MINUTES = 8 * 60;
const MAX_SHEET_NAME = 31;
const INVALID_SHEET_NAME_CHAR = /[[\]:*?/\\]/;
const CONTROL_CHAR = new RegExp('[\\u0000-\\u001f\\u007f]');
const FONT = '<sz val="11"/><name val="宋体"/><charset val="134"/>';
/** Rows sampled to size a column that has no width. */
const WIDTH_SAMPLE_ROWS = 200;

interface Part {
  name: string;
  data: string;
  /** Written as an Override in `[Content_Types].xml`; `.rels` parts use the Default. */
  contentType?: string;
}

interface Relationship {
  id: string;
  type: string;
  target: string;
}

/** Where a sheet's rows fall on the grid. */
interface SheetLayout extends ChartSource {
  sheet: Sheet;
  /** 1-based number of the sheet: `xl/worksheets/sheet{number}.xml`. */
  number: number;
  lastRow: number;
}

/** The workbook's shared string table: each distinct text once, referenced by index. */
class SharedStrings {
  private readonly indexes = new Map<string, number>();
  private readonly texts: string[] = [];
  private references = 0;

  index(text: string): number {
    this.references++;
    let index = this.indexes.get(text);
    if (index === undefined) {
      index = this.texts.length;
      this.indexes.set(text, index);
      this.texts.push(text);
    }
    return index;
  }

  xml(): string {
    const items = this.texts.map(sharedStringItem);
    return (
      `${XML_HEADER}<sst xmlns="${NS_MAIN}" count="${this.references}" ` +
      `uniqueCount="${this.texts.length}">${items.join('')}</sst>`
    );
  }
}

/** One `<si>`: cut to Excel's limit, whitespace preserved, Excel's `_xHHHH_` escapes escaped. */
function sharedStringItem(raw: string): string {
  let text = raw;
  if (text.length > MAX_CELL_TEXT) {
    const cut = /[\uD800-\uDBFF]/.test(text.charAt(MAX_CELL_TEXT - 1))
      ? MAX_CELL_TEXT - 1
      : MAX_CELL_TEXT;
    text = text.slice(0, cut);
  }
  const escaped = xmlText(text).replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1');
  const preserve = /^\s|\s$|[\t\n\r]|\s\s/.test(text) ? ' xml:space="preserve"' : '';
  return `<si><t${preserve}>${escaped}</t></si>`;
}

function fail(message: string): never {
  throw new Error(`xlsx: ${message}`);
}

function validateSheetName(name: unknown, position: number, seen: Set<string>): void {
  if (typeof name !== 'string' || name.trim() === '') fail(`sheet ${position} has no name`);
  const quoted = `sheet name "${name}"`;
  if (name.length > MAX_SHEET_NAME) {
    fail(`${quoted} is ${name.length} characters long; at most ${MAX_SHEET_NAME} are allowed`);
  }
  const invalid = INVALID_SHEET_NAME_CHAR.exec(name);
  if (invalid) fail(`${quoted} contains "${invalid[0]}"; none of [ ] : * ? / \\ are allowed`);
  if (CONTROL_CHAR.test(name)) fail(`${quoted} contains a control character`);
  if (name.startsWith("'") || name.endsWith("'")) {
    fail(`${quoted} may not begin or end with an apostrophe`);
  }
  if (name.toLowerCase() === 'history') fail(`${quoted} is reserved by Excel`);
  const key = name.toUpperCase();
  if (seen.has(key)) fail(`${quoted} is used twice (sheet names are compared ignoring case)`);
  seen.add(key);
}

function validateSheet(sheet: Sheet, layout: SheetLayout): void {
  const where = `sheet "${sheet.name}"`;
  if (sheet.columns.length > MAX_COLUMNS) fail(`${where} has more than ${MAX_COLUMNS} columns`);
  if (layout.lastRow > MAX_ROWS) fail(`${where} has more than ${MAX_ROWS} rows`);
  sheet.rows.forEach((row, i) => {
    if (!Array.isArray(row)) fail(`${where}: row ${i} is not an array`);
    if (row.length > sheet.columns.length) {
      fail(
        `${where}: row ${i} has ${row.length} cells but the sheet has ${sheet.columns.length} columns`,
      );
    }
  });
  sheet.charts?.forEach((chart, i) => validateChart(chart, layout, i));
}

function layoutOf(sheet: Sheet, index: number): SheetLayout {
  const headerRow = (sheet.caption?.length ?? 0) + 1;
  return {
    sheet,
    number: index + 1,
    sheetName: sheet.name,
    columns: sheet.columns,
    rows: sheet.rows,
    headerRow,
    firstDataRow: headerRow + 1,
    lastRow: headerRow + sheet.rows.length,
  };
}

function cellXml(ref: string, cell: ResolvedCell, strings: SharedStrings): string {
  switch (cell.kind) {
    case 'string': {
      const style = cell.style === CellStyle.normal ? '' : ` s="${cell.style}"`;
      return `<c r="${ref}"${style} t="s"><v>${strings.index(cell.text)}</v></c>`;
    }
    case 'number': {
      const style = cell.style === CellStyle.normal ? '' : ` s="${cell.style}"`;
      return `<c r="${ref}"${style}><v>${cell.value}</v></c>`;
    }
    case 'boolean':
      return `<c r="${ref}" t="b"><v>${cell.value ? 1 : 0}</v></c>`;
  }
}

function captionRowsXml(caption: readonly string[], strings: SharedStrings): string[] {
  return caption.flatMap((line, i) => {
    if (line === '') return [];
    const style = i === 0 ? CellStyle.captionTitle : CellStyle.normal;
    return [
      `<row r="${i + 1}">${cellXml(`A${i + 1}`, { kind: 'string', text: line, style }, strings)}</row>`,
    ];
  });
}

function headerRowXml(
  layout: SheetLayout,
  letters: readonly string[],
  strings: SharedStrings,
): string {
  const row = layout.headerRow;
  const cells = layout.columns.map((column, c) =>
    cellXml(
      `${letters[c]}${row}`,
      { kind: 'string', text: column.header, style: CellStyle.header },
      strings,
    ),
  );
  return cells.length === 0 ? '' : `<row r="${row}">${cells.join('')}</row>`;
}

/** Appends the data rows to `out`; rows with no written cell are left out. */
function dataRowsXml(
  layout: SheetLayout,
  letters: readonly string[],
  strings: SharedStrings,
  out: string[],
): void {
  const types = layout.columns.map((column) => column.type);
  const rows = layout.rows;
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const number = layout.firstDataRow + r;
    const cells: string[] = [];
    for (let c = 0; c < row.length; c++) {
      const cell = resolveCell(row[c], types[c]);
      if (cell) cells.push(cellXml(`${letters[c]}${number}`, cell, strings));
    }
    if (cells.length > 0) out.push(`<row r="${number}">${cells.join('')}</row>`);
  }
}

/** A text's width in character cells (its longest line): wide characters such as CJK count double. */
function textWidth(text: string): number {
  let widest = 0;
  let width = 0;
  for (const ch of text) {
    width = ch === '\n' ? 0 : width + (ch.codePointAt(0)! >= 0x1100 ? 2 : 1);
    widest = Math.max(widest, width);
  }
  return widest;
}

/** Wide enough for the header and the first rows, within 8–60 characters. */
function defaultWidth(layout: SheetLayout, c: number): number {
  const column = layout.columns[c]!;
  let widest = textWidth(column.header);
  const sample = Math.min(layout.rows.length, WIDTH_SAMPLE_ROWS);
  for (let r = 0; r < sample; r++) {
    const cell = resolveCell(layout.rows[r]?.[c], column.type);
    if (!cell) continue;
    const width = textWidth(displayText(cell));
    // General number format shows at most 11 characters.
    const plainNumber = cell.kind === 'number' && cell.style === CellStyle.normal;
    widest = Math.max(widest, plainNumber ? Math.min(width, 11) : width);
  }
  return Math.min(60, Math.max(8, widest + 2));
}

function colsXml(layout: SheetLayout): string {
  if (layout.columns.length === 0) return '';
  const cols = layout.columns.map((column, c) => {
    const width =
      column.width !== undefined && column.width > 0 ? column.width : defaultWidth(layout, c);
    return `<col min="${c + 1}" max="${c + 1}" width="${Math.min(255, width)}" customWidth="1"/>`;
  });
  return `<cols>${cols.join('')}</cols>`;
}

function sheetViewsXml(layout: SheetLayout, selected: boolean): string {
  const tab = selected ? ' tabSelected="1"' : '';
  if (!layout.sheet.freezeHeader)
    return `<sheetViews><sheetView${tab} workbookViewId="0"/></sheetViews>`;
  const topLeft = `A${layout.firstDataRow}`;
  return (
    `<sheetViews><sheetView${tab} workbookViewId="0">` +
    `<pane ySplit="${layout.headerRow}" topLeftCell="${topLeft}" activePane="bottomLeft" state="frozen"/>` +
    `<selection pane="bottomLeft" activeCell="${topLeft}" sqref="${topLeft}"/>` +
    '</sheetView></sheetViews>'
  );
}

function dimensionRef(layout: SheetLayout): string {
  const last = `${columnName(Math.max(layout.columns.length, 1) - 1)}${layout.lastRow}`;
  return last === 'A1' ? 'A1' : `A1:${last}`;
}

function worksheetXml(layout: SheetLayout, strings: SharedStrings, drawingRelId?: string): string {
  const letters = layout.columns.map((_, c) => columnName(c));
  const out: string[] = [
    `${XML_HEADER}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_RELATIONSHIPS}">`,
    `<dimension ref="${dimensionRef(layout)}"/>`,
    sheetViewsXml(layout, layout.number === 1),
    '<sheetFormatPr defaultRowHeight="15"/>',
    colsXml(layout),
    '<sheetData>',
    ...captionRowsXml(layout.sheet.caption ?? [], strings),
    headerRowXml(layout, letters, strings),
  ];
  dataRowsXml(layout, letters, strings, out);
  out.push(
    '</sheetData>',
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>',
  );
  if (drawingRelId) out.push(`<drawing r:id="${drawingRelId}"/>`);
  out.push('</worksheet>');
  return out.join('');
}

function stylesXml(): string {
  const border =
    '<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>' +
    '<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border>';
  const xf = (numFmt: number, font: number, fill: number, borderId: number, extra = '') =>
    `<xf numFmtId="${numFmt}" fontId="${font}" fillId="${fill}" borderId="${borderId}" xfId="0"${extra}`;
  // In the order of CellStyle.
  const cellXfs = [
    `${xf(0, 0, 0, 0)}/>`,
    `${xf(0, 1, 2, 1, ' applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"')}>` +
      '<alignment horizontal="center" vertical="center"/></xf>',
    `${xf(164, 0, 0, 0, ' applyNumberFormat="1"')}/>`,
    `${xf(165, 0, 0, 0, ' applyNumberFormat="1"')}/>`,
    `${xf(0, 2, 0, 0, ' applyFont="1"')}/>`,
    `${xf(49, 0, 0, 0, ' applyNumberFormat="1"')}/>`,
  ];
  return (
    `${XML_HEADER}<styleSheet xmlns="${NS_MAIN}">` +
    '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>' +
    '<numFmt numFmtId="165" formatCode="yyyy-mm-dd hh:mm"/></numFmts>' +
    `<fonts count="3"><font>${FONT}</font><font><b/>${FONT}</font>` +
    `<font><b/>${FONT.replace('val="11"', 'val="14"')}</font></fonts>` +
    '<fills count="3"><fill><patternFill patternType="none"/></fill>' +
    '<fill><patternFill patternType="gray125"/></fill>' +
    '<fill><patternFill patternType="solid"><fgColor rgb="FFD9E1F2"/><bgColor indexed="64"/></patternFill></fill></fills>' +
    `<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>${border}</borders>` +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${cellXfs.length}">${cellXfs.join('')}</cellXfs>` +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    '<dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
    '</styleSheet>'
  );
}

function relationshipsXml(relationships: readonly Relationship[]): string {
  const items = relationships.map(
    (r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${xmlAttr(r.target)}"/>`,
  );
  return `${XML_HEADER}<Relationships xmlns="${NS_PACKAGE_RELATIONSHIPS}">${items.join('')}</Relationships>`;
}

function contentTypesXml(parts: readonly Part[]): string {
  const overrides = parts
    .filter((p) => p.contentType)
    .map((p) => `<Override PartName="/${xmlAttr(p.name)}" ContentType="${p.contentType}"/>`);
  return (
    `${XML_HEADER}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
    `<Default Extension="rels" ContentType="${CONTENT_TYPE.relationships}"/>` +
    `<Default Extension="xml" ContentType="${CONTENT_TYPE.xml}"/>${overrides.join('')}</Types>`
  );
}

function workbookXml(sheets: readonly Sheet[]): string {
  const items = sheets.map(
    (sheet, i) => `<sheet name="${xmlAttr(sheet.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`,
  );
  return (
    `${XML_HEADER}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_RELATIONSHIPS}">` +
    '<workbookPr/><bookViews><workbookView activeTab="0"/></bookViews>' +
    `<sheets>${items.join('')}</sheets></workbook>`
  );
}

function workbookRelationships(sheetCount: number): Relationship[] {
  const sheets = Array.from({ length: sheetCount }, (_, i) => ({
    id: `rId${i + 1}`,
    type: REL.worksheet,
    target: `worksheets/sheet${i + 1}.xml`,
  }));
  return [
    ...sheets,
    { id: `rId${sheetCount + 1}`, type: REL.styles, target: 'styles.xml' },
    { id: `rId${sheetCount + 2}`, type: REL.sharedStrings, target: 'sharedStrings.xml' },
  ];
}

const w3cdtf = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

function corePropertiesXml(input: WorkbookInput): string {
  const creator = input.creator === undefined ? '' : xmlText(input.creator);
  const created =
    input.created && Number.isFinite(input.created.getTime()) ? input.created : undefined;
  const stamps = created
    ? `<dcterms:created xsi:type="dcterms:W3CDTF">${w3cdtf(created)}</dcterms:created>` +
      `<dcterms:modified xsi:type="dcterms:W3CDTF">${w3cdtf(created)}</dcterms:modified>`
    : '';
  return (
    `${XML_HEADER}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" ` +
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" ' +
    'xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">' +
    `<dc:creator>${creator}</dc:creator><cp:lastModifiedBy>${creator}</cp:lastModifiedBy>${stamps}` +
    '</cp:coreProperties>'
  );
}

function appPropertiesXml(sheets: readonly Sheet[]): string {
  const names = sheets.map((s) => `<vt:lpstr>${xmlText(s.name)}</vt:lpstr>`).join('');
  return (
    `${XML_HEADER}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" ` +
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">' +
    '<Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>' +
    '<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant>' +
    `<vt:variant><vt:i4>${sheets.length}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
    `<TitlesOfParts><vt:vector size="${sheets.length}" baseType="lpstr">${names}</vt:vector></TitlesOfParts>` +
    '<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>' +
    '<HyperlinksChanged>false</HyperlinksChanged></Properties>'
  );
}

/** The worksheet, and its drawing and charts when it has any; `chartCount` numbers them. */
function sheetParts(
  layout: SheetLayout,
  strings: SharedStrings,
  drawingNumber: number,
  chartCount: number,
): Part[] {
  const charts = layout.sheet.charts ?? [];
  const sheetPath = `xl/worksheets/sheet${layout.number}.xml`;
  if (charts.length === 0) {
    return [
      { name: sheetPath, data: worksheetXml(layout, strings), contentType: CONTENT_TYPE.worksheet },
    ];
  }
  const drawingPath = `xl/drawings/drawing${drawingNumber}.xml`;
  const chartNumbers = charts.map((_, i) => chartCount + i + 1);
  return [
    {
      name: sheetPath,
      data: worksheetXml(layout, strings, 'rId1'),
      contentType: CONTENT_TYPE.worksheet,
    },
    {
      name: `xl/worksheets/_rels/sheet${layout.number}.xml.rels`,
      data: relationshipsXml([
        { id: 'rId1', type: REL.drawing, target: `../drawings/drawing${drawingNumber}.xml` },
      ]),
    },
    {
      name: drawingPath,
      data: drawingXml(chartAnchors(charts, layout)),
      contentType: CONTENT_TYPE.drawing,
    },
    {
      name: `xl/drawings/_rels/drawing${drawingNumber}.xml.rels`,
      data: relationshipsXml(
        chartNumbers.map((n, i) => ({
          id: `rId${i + 1}`,
          type: REL.chart,
          target: `../charts/chart${n}.xml`,
        })),
      ),
    },
    ...charts.map((chart, i) => ({
      name: `xl/charts/chart${chartNumbers[i]}.xml`,
      data: chartXml(chart, layout, i),
      contentType: CONTENT_TYPE.chart,
    })),
  ];
}

/** The parts of every sheet, drawings and charts numbered across the workbook. */
function allSheetParts(layouts: readonly SheetLayout[], strings: SharedStrings): Part[] {
  const parts: Part[] = [];
  let drawings = 0;
  let charts = 0;
  for (const layout of layouts) {
    const count = layout.sheet.charts?.length ?? 0;
    parts.push(...sheetParts(layout, strings, count > 0 ? ++drawings : 0, charts));
    charts += count;
  }
  return parts;
}

/** The workbook as an `.xlsx` file. Throws an Error naming the problem for input it cannot write. */
export function writeXlsx(input: WorkbookInput): Buffer {
  if (input.sheets.length === 0) fail('a workbook needs at least one sheet');
  const seen = new Set<string>();
  input.sheets.forEach((sheet, i) => validateSheetName(sheet.name, i + 1, seen));
  const layouts = input.sheets.map(layoutOf);
  layouts.forEach((layout) => validateSheet(layout.sheet, layout));

  const strings = new SharedStrings();
  const worksheets = allSheetParts(layouts, strings);
  const parts: Part[] = [
    {
      name: '_rels/.rels',
      data: relationshipsXml([
        { id: 'rId1', type: REL.officeDocument, target: 'xl/workbook.xml' },
        { id: 'rId2', type: REL.coreProperties, target: 'docProps/core.xml' },
        { id: 'rId3', type: REL.extendedProperties, target: 'docProps/app.xml' },
      ]),
    },
    {
      name: 'docProps/core.xml',
      data: corePropertiesXml(input),
      contentType: CONTENT_TYPE.coreProperties,
    },
    {
      name: 'docProps/app.xml',
      data: appPropertiesXml(input.sheets),
      contentType: CONTENT_TYPE.extendedProperties,
    },
    {
      name: 'xl/workbook.xml',
      data: workbookXml(input.sheets),
      contentType: CONTENT_TYPE.workbook,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: relationshipsXml(workbookRelationships(input.sheets.length)),
    },
    { name: 'xl/styles.xml', data: stylesXml(), contentType: CONTENT_TYPE.styles },
    ...worksheets,
    { name: 'xl/sharedStrings.xml', data: strings.xml(), contentType: CONTENT_TYPE.sharedStrings },
  ];
  const contentTypes: Part = { name: '[Content_Types].xml', data: contentTypesXml(parts) };
  return writeZip([contentTypes, ...parts], {
    modified: input.created,
    utcOffsetMinutes: SHANGHAI_OFFSET_MINUTES,
  });
}
