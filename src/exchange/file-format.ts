import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';

/** An XLSX workbook's first sheet as CSV text (dates as YYYY-MM-DD, everything else as text). */
export async function xlsxToCsv(content: Buffer): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return '';
  const rows: string[][] = [];
  const width = sheet.columnCount;
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let i = 1; i <= width; i++) cells.push(cellText(row.getCell(i).value));
    rows.push(cells);
  });
  return stringify(rows);
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    return '';
  }
  return String(value);
}

/** The template a partner fills in: the header row, and one example row. */
export async function templateXlsx(columns: string[], example: string[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('rows');
  sheet.addRow(columns).font = { bold: true };
  sheet.addRow(example);
  // Text cells, so NIKs and passport numbers keep their leading zeros.
  for (let i = 1; i <= columns.length; i++) sheet.getColumn(i).numFmt = '@';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export function templateCsv(columns: string[], example: string[]): string {
  return stringify([columns, example]);
}

/** Splits CSV text into pieces of about `bytes` each, only at row ends (never inside a quoted cell). */
export function* csvChunks(text: string, bytes: number): Generator<string> {
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + bytes, text.length);
    if (end < text.length) {
      let newline = text.indexOf('\n', end - 1);
      while (newline !== -1 && quotesIn(text, start, newline + 1) % 2 === 1) newline = text.indexOf('\n', newline + 1);
      end = newline === -1 ? text.length : newline + 1;
    }
    yield text.slice(start, end);
    start = end;
  }
}

function quotesIn(text: string, from: number, to: number): number {
  let count = 0;
  for (let i = text.indexOf('"', from); i !== -1 && i < to; i = text.indexOf('"', i + 1)) count++;
  return count;
}

/** Rows of CSV text, tolerant of rows with the wrong number of cells (they are reported, not fatal). */
export function parseCsvRows(text: string): string[][] {
  return parse(text, { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
}

export function toCsv(rows: string[][]): string {
  return stringify(rows);
}
