/**
 * Real `.xlsx` files for tests, written by ExcelJS (a dev dependency: the product never
 * writes workbooks), so the reader is proved against a mainstream writer rather than bytes
 * made by hand. Dates are given as wall-clock times (`wall('2026-11-22 09:30')`): ExcelJS
 * stores a Date's UTC fields as the cell's serial, which is what Excel shows.
 */
import ExcelJS from 'exceljs';
import officeCrypto from 'officecrypto-tool';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'xlsx-test-'));
let n = 0;

export const xlsxPath = (name = `w${n++}.xlsx`) => join(dir, name);

/** A wall-clock time as ExcelJS wants it for a date cell. */
export function wall(text: string): Date {
  const [date, time = '00:00:00'] = text.split(' ') as [string, string?];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm, ss = 0] = time.split(':').map(Number) as [number, number, number?];
  return new Date(Date.UTC(y, m - 1, d, hh, mm, ss));
}

/** Builds a workbook with `build` and writes it; returns its path. */
export async function writeWorkbook(build: (wb: ExcelJS.Workbook) => void, path = xlsxPath()): Promise<string> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  await wb.xlsx.writeFile(path);
  return path;
}

/** A sheet of many rows through ExcelJS's streaming writer (inline strings, no shared table). */
export async function writeLargeWorkbook(header: string[], rows: number, row: (i: number) => unknown[], path = xlsxPath()): Promise<string> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: true });
  const ws = wb.addWorksheet('Покупки');
  ws.addRow(header).commit();
  for (let i = 0; i < rows; i++) ws.addRow(row(i)).commit();
  ws.commit();
  await wb.commit();
  return path;
}

/** The same workbook saved with a password to open (ECMA-376 agile encryption, as Excel does). */
export async function encryptWorkbook(path: string, password: string): Promise<string> {
  const out = xlsxPath();
  writeFileSync(out, await officeCrypto.encrypt(readFileSync(path), { password }));
  return out;
}
