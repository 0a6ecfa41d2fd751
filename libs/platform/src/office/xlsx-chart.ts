/**
 * Native DrawingML charts for the XLSX writer: one `xl/charts/chartN.xml` per chart (bar, column
 * or line, clustered or stacked, with cached values), and the sheet's drawing part that anchors
 * the charts to cells.
 */
import { xmlText, XML_HEADER } from './xml';
import type { CellValue, ChartSeries, SheetChart, SheetColumn } from './xlsx';
import {
  absoluteRef,
  displayText,
  numberText,
  resolveCell,
  type ResolvedCell,
} from './xlsx-values';

const NS_CHART = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const NS_DRAWING = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const NS_SPREADSHEET_DRAWING =
  'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';
const NS_RELATIONSHIPS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** Office's default accent colours, so every viewer draws the series alike. */
const PALETTE = ['4472C4', 'ED7D31', 'A5A5A5', 'FFC000', '5B9BD5', '70AD47', '264478', '9E480E'];
const CHART_TYPES: ReadonlySet<string> = new Set(['bar', 'column', 'line']);
const DEFAULT_WIDTH_COLS = 8;
const DEFAULT_HEIGHT_ROWS = 16;

/** The sheet a chart draws from, with its rows placed on the grid. */
export interface ChartSource {
  sheetName: string;
  columns: readonly SheetColumn[];
  rows: readonly CellValue[][];
  /** 1-based row of the column headers. */
  headerRow: number;
  /** 1-based row of `rows[0]`. */
  firstDataRow: number;
}

/** A cell rectangle, 0-based, `to` exclusive. */
export interface ChartAnchor {
  fromCol: number;
  fromRow: number;
  toCol: number;
  toRow: number;
}

interface RowRange {
  /** 0-based indexes into `rows`, inclusive; undefined when the sheet has no rows. */
  from?: number;
  to?: number;
}

function fail(sheetName: string, index: number, message: string): never {
  throw new Error(`xlsx: sheet "${sheetName}", chart ${index + 1}: ${message}`);
}

function checkColumn(source: ChartSource, index: number, column: number, what: string): void {
  if (!Number.isInteger(column) || column < 0 || column >= source.columns.length) {
    fail(source.sheetName, index, `${what} ${column} is not a column of the sheet`);
  }
}

function rowRange(chart: SheetChart, source: ChartSource, index: number): RowRange {
  const count = source.rows.length;
  if (count === 0 && chart.fromRow === undefined && chart.toRow === undefined) return {};
  const from = chart.fromRow ?? 0;
  const to = chart.toRow ?? count - 1;
  const valid = (n: number) => Number.isInteger(n) && n >= 0 && n < count;
  if (!valid(from) || !valid(to) || from > to) {
    fail(source.sheetName, index, `rows ${from}–${to} are not within the ${count} data rows`);
  }
  return { from, to };
}

/** Throws a clear Error if `chart` cannot be drawn from `source`. */
export function validateChart(chart: SheetChart, source: ChartSource, index: number): void {
  if (!CHART_TYPES.has(chart.type)) fail(source.sheetName, index, `unknown type "${chart.type}"`);
  if (chart.series.length === 0) fail(source.sheetName, index, 'a chart needs a series');
  checkColumn(source, index, chart.categoryColumn, 'category column');
  chart.series.forEach((s) => checkColumn(source, index, s.column, `series "${s.name}" column`));
  rowRange(chart, source, index);
  const at = chart.at;
  if (at) {
    const cells = [at.col, at.row, at.widthCols ?? 1, at.heightRows ?? 1];
    if (
      !cells.every((n) => Number.isInteger(n) && n >= 0) ||
      at.widthCols === 0 ||
      at.heightRows === 0
    ) {
      fail(source.sheetName, index, 'the anchor needs whole, non-negative cells and a size');
    }
  }
}

/**
 * Where each chart of a sheet is drawn: at its `at`, or stacked one below the other to the right
 * of the data, starting level with the header row.
 */
export function chartAnchors(charts: readonly SheetChart[], source: ChartSource): ChartAnchor[] {
  let nextDefaultRow = source.headerRow - 1;
  return charts.map((chart) => {
    const width = chart.at?.widthCols ?? DEFAULT_WIDTH_COLS;
    const height = chart.at?.heightRows ?? DEFAULT_HEIGHT_ROWS;
    const fromCol = chart.at?.col ?? source.columns.length + 1;
    const fromRow = chart.at?.row ?? nextDefaultRow;
    if (!chart.at) nextDefaultRow += height + 1;
    return { fromCol, fromRow, toCol: fromCol + width, toRow: fromRow + height };
  });
}

/** A sheet-qualified formula reference: `'半月报'!$A$2:$A$9`, quotes doubled inside the name. */
export function sheetRef(sheetName: string, from: string, to?: string): string {
  const quoted = `'${sheetName.replace(/'/g, "''")}'`;
  return to === undefined || to === from ? `${quoted}!${from}` : `${quoted}!${from}:${to}`;
}

function columnFormula(source: ChartSource, column: number, range: RowRange): string {
  const first = source.firstDataRow + (range.from ?? 0);
  const last = source.firstDataRow + (range.to ?? 0);
  return sheetRef(source.sheetName, absoluteRef(column, first), absoluteRef(column, last));
}

/** The cells of one column over the range, in order (a single blank one for an empty sheet). */
function columnCells(source: ChartSource, column: number, range: RowRange): CellValue[] {
  if (range.from === undefined || range.to === undefined) return [undefined];
  const cells: CellValue[] = [];
  for (let r = range.from; r <= range.to; r++) cells.push(source.rows[r]?.[column]);
  return cells;
}

function point(index: number, value: string): string {
  return `<c:pt idx="${index}"><c:v>${xmlText(value)}</c:v></c:pt>`;
}

function strRef(formula: string, texts: readonly (string | undefined)[]): string {
  const points = texts.map((t, i) => (t === undefined ? '' : point(i, t))).join('');
  return (
    `<c:strRef><c:f>${xmlText(formula)}</c:f>` +
    `<c:strCache><c:ptCount val="${texts.length}"/>${points}</c:strCache></c:strRef>`
  );
}

function numRef(formula: string, values: readonly (number | undefined)[]): string {
  const points = values.map((v, i) => (v === undefined ? '' : point(i, numberText(v)))).join('');
  return (
    `<c:numRef><c:f>${xmlText(formula)}</c:f><c:numCache><c:formatCode>General</c:formatCode>` +
    `<c:ptCount val="${values.length}"/>${points}</c:numCache></c:numRef>`
  );
}

/** What a chart caches of a column's cells in the range, each cell as `cached` reads it. */
function cachedCells<T>(
  source: ChartSource,
  column: number,
  range: RowRange,
  cached: (cell: ResolvedCell | undefined) => T,
): T[] {
  const type = source.columns[column]?.type;
  return columnCells(source, column, range).map((value) => cached(resolveCell(value, type)));
}

const categoryTexts = (source: ChartSource, column: number, range: RowRange) =>
  cachedCells(source, column, range, (cell) => cell && displayText(cell));

const seriesValues = (source: ChartSource, column: number, range: RowRange) =>
  cachedCells(source, column, range, (cell) => (cell?.kind === 'number' ? cell.value : undefined));

/** The series name: a reference to its header cell when it is that header, else the literal. */
function seriesTitle(series: ChartSeries, source: ChartSource): string {
  const header = source.columns[series.column]?.header;
  if (header !== series.name) return `<c:tx><c:v>${xmlText(series.name)}</c:v></c:tx>`;
  const ref = sheetRef(source.sheetName, absoluteRef(series.column, source.headerRow));
  return `<c:tx>${strRef(ref, [series.name])}</c:tx>`;
}

function solidFill(color: string): string {
  return `<a:solidFill><a:srgbClr val="${color}"/></a:solidFill>`;
}

function seriesXml(chart: SheetChart, source: ChartSource, range: RowRange, index: number): string {
  const series = chart.series[index]!;
  const color = PALETTE[index % PALETTE.length]!;
  const head = `<c:idx val="${index}"/><c:order val="${index}"/>${seriesTitle(series, source)}`;
  const data =
    `<c:cat>${strRef(columnFormula(source, chart.categoryColumn, range), categoryTexts(source, chart.categoryColumn, range))}</c:cat>` +
    `<c:val>${numRef(columnFormula(source, series.column, range), seriesValues(source, series.column, range))}</c:val>`;
  if (chart.type === 'line') {
    const line = `<c:spPr><a:ln w="28575" cap="rnd">${solidFill(color)}<a:round/></a:ln></c:spPr>`;
    const marker =
      `<c:marker><c:symbol val="circle"/><c:size val="5"/>` +
      `<c:spPr>${solidFill(color)}<a:ln w="9525">${solidFill(color)}</a:ln></c:spPr></c:marker>`;
    return `<c:ser>${head}${line}${marker}${data}<c:smooth val="0"/></c:ser>`;
  }
  const fill = `<c:spPr>${solidFill(color)}</c:spPr><c:invertIfNegative val="0"/>`;
  return `<c:ser>${head}${fill}${data}</c:ser>`;
}

function axisIds(catAxis: number, valAxis: number): string {
  return `<c:axId val="${catAxis}"/><c:axId val="${valAxis}"/>`;
}

function plotXml(chart: SheetChart, series: string, catAxis: number, valAxis: number): string {
  if (chart.type === 'line') {
    const grouping = chart.stacked ? 'stacked' : 'standard';
    return (
      `<c:lineChart><c:grouping val="${grouping}"/><c:varyColors val="0"/>${series}` +
      `<c:marker val="1"/>${axisIds(catAxis, valAxis)}</c:lineChart>`
    );
  }
  const direction = chart.type === 'bar' ? 'bar' : 'col';
  const grouping = chart.stacked ? 'stacked' : 'clustered';
  const overlap = chart.stacked ? '<c:overlap val="100"/>' : '';
  return (
    `<c:barChart><c:barDir val="${direction}"/><c:grouping val="${grouping}"/>` +
    `<c:varyColors val="0"/>${series}<c:gapWidth val="150"/>${overlap}` +
    `${axisIds(catAxis, valAxis)}</c:barChart>`
  );
}

function axesXml(chart: SheetChart, catAxis: number, valAxis: number): string {
  const horizontal = chart.type === 'bar';
  const common = (position: string) =>
    `<c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/>` +
    `<c:axPos val="${position}"/>`;
  const ticks =
    '<c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="out"/>' +
    '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>';
  return (
    `<c:catAx><c:axId val="${catAxis}"/>${common(horizontal ? 'l' : 'b')}${ticks}` +
    `<c:crossAx val="${valAxis}"/><c:crosses val="autoZero"/><c:auto val="1"/>` +
    `<c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>` +
    `<c:valAx><c:axId val="${valAxis}"/>${common(horizontal ? 'b' : 'l')}<c:majorGridlines/>` +
    `${ticks}<c:crossAx val="${catAxis}"/><c:crosses val="autoZero"/>` +
    `<c:crossBetween val="between"/></c:valAx>`
  );
}

function titleXml(title: string): string {
  if (title === '') return '<c:autoTitleDeleted val="1"/>';
  return (
    '<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="1400" b="1"/></a:pPr>' +
    `<a:r><a:rPr lang="zh-CN" sz="1400" b="1"/><a:t>${xmlText(title)}</a:t></a:r></a:p></c:rich></c:tx>` +
    '<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>'
  );
}

/** `xl/charts/chartN.xml` for one (validated) chart. */
export function chartXml(chart: SheetChart, source: ChartSource, index: number): string {
  const range = rowRange(chart, source, index);
  const series = chart.series.map((_, i) => seriesXml(chart, source, range, i)).join('');
  const catAxis = 100_000_001;
  const valAxis = 100_000_002;
  return (
    `${XML_HEADER}<c:chartSpace xmlns:c="${NS_CHART}" xmlns:a="${NS_DRAWING}" xmlns:r="${NS_RELATIONSHIPS}">` +
    '<c:date1904 val="0"/><c:lang val="zh-CN"/><c:roundedCorners val="0"/>' +
    `<c:chart>${titleXml(chart.title)}<c:plotArea><c:layout/>` +
    `${plotXml(chart, series, catAxis, valAxis)}${axesXml(chart, catAxis, valAxis)}</c:plotArea>` +
    '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>' +
    '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>'
  );
}

function anchorXml(anchor: ChartAnchor, relId: string, index: number): string {
  const marker = (col: number, row: number) =>
    `<xdr:col>${col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${row}</xdr:row><xdr:rowOff>0</xdr:rowOff>`;
  return (
    `<xdr:twoCellAnchor><xdr:from>${marker(anchor.fromCol, anchor.fromRow)}</xdr:from>` +
    `<xdr:to>${marker(anchor.toCol, anchor.toRow)}</xdr:to>` +
    `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr>` +
    `<xdr:cNvPr id="${index + 2}" name="Chart ${index + 1}"/>` +
    '<xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>' +
    '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
    `<a:graphic><a:graphicData uri="${NS_CHART}">` +
    `<c:chart xmlns:c="${NS_CHART}" r:id="${relId}"/></a:graphicData></a:graphic>` +
    '</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>'
  );
}

/** `xl/drawings/drawingN.xml`: chart i is drawn at `anchors[i]`, via relationship `rId{i+1}`. */
export function drawingXml(anchors: readonly ChartAnchor[]): string {
  const body = anchors.map((a, i) => anchorXml(a, `rId${i + 1}`, i)).join('');
  return (
    `${XML_HEADER}<xdr:wsDr xmlns:xdr="${NS_SPREADSHEET_DRAWING}" xmlns:a="${NS_DRAWING}" ` +
    `xmlns:r="${NS_RELATIONSHIPS}">${body}</xdr:wsDr>`
  );
}
