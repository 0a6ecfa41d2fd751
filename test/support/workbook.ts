import ExcelJS from 'exceljs';

/**
 * A workbook the API wrote, read back as a spreadsheet program reads it (ExcelJS): sheet names,
 * cell values and texts. Charts ExcelJS does not read; a suite that checks them lists the parts.
 */
export async function readWorkbook(body: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  // ExcelJS declares its own `Buffer` type; a Node Buffer is what it reads.
  await workbook.xlsx.load(body as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  return workbook;
}

/**
 * A cell's text as the sheet shows it. ExcelJS gives a date cell as the Date whose UTC fields are
 * the cell's wall time; it is shown here in the cell's format (`yyyy-mm-dd` or `yyyy-mm-dd hh:mm`).
 */
function shown(cell: ExcelJS.Cell): string {
  if (!(cell.value instanceof Date)) return cell.text;
  const wall = cell.value.toISOString().replace('T', ' ');
  return cell.numFmt === 'yyyy-mm-dd' ? wall.slice(0, 10) : wall.slice(0, 16);
}

/** A sheet's rows as the texts of their cells (an empty cell as ''), from the first row. */
export function sheetTexts(sheet: ExcelJS.Worksheet): string[][] {
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, number) => {
    const texts: string[] = [];
    for (let column = 1; column <= row.cellCount; column += 1)
      texts.push(shown(row.getCell(column)));
    rows[number - 1] = texts;
  });
  return Array.from(rows, (row) => row ?? []);
}

/** The workbook's sheet names, in the order of its tabs. */
export function sheetNames(workbook: ExcelJS.Workbook): string[] {
  return workbook.worksheets.map((sheet) => sheet.name);
}

/** The sheet named `name`; the test fails when there is none. */
export function sheetNamed(workbook: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const sheet = workbook.getWorksheet(name);
  if (!sheet) throw new Error(`no sheet "${name}" in ${sheetNames(workbook).join(', ')}`);
  return sheet;
}
