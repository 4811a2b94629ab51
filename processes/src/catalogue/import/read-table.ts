import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import ExcelJS from 'exceljs';
import { parseCsvRows } from '../csv/parse-csv.js';

/** A spreadsheet as rows of text cells, with the name of the sheet it came from. */
export interface Table {
  rows: string[][];
  sheet: string | null;
}

// An export of a few thousand procedures is a few MB; anything far bigger is not one.
const MAX_FILE_BYTES = 50 * 1024 * 1024;

/** Reads a `.csv` (UTF-8) or `.xlsx` file; other types are refused. */
export async function readTableFile(path: string): Promise<Table> {
  const data = await readFile(path);
  if (data.length > MAX_FILE_BYTES) throw new RangeError(`${path}: larger than ${MAX_FILE_BYTES} bytes`);
  const ext = extname(path).toLowerCase();
  if (ext === '.csv')
    return { rows: parseCsvRows(data.toString('utf8').replace(/^\uFEFF/, '')), sheet: null };
  if (ext === '.xlsx') return readXlsx(data);
  throw new RangeError(`${path}: expected a .csv or .xlsx file`);
}

/** The first worksheet of an .xlsx workbook, every cell as the text a reader sees. */
export async function readXlsx(data: Buffer): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(data as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return { rows: [], sheet: null };
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= sheet.columnCount; c++) cells.push(cellText(row.getCell(c).value));
    rows[rowNumber - 1] = cells;
  });
  return { rows: Array.from(rows, (r) => r ?? []), sheet: sheet.name };
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text; // hyperlink
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue); // formula
    if ('error' in value) return '';
  }
  return String(value);
}
