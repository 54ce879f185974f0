/**
 * The import benchmark's files: one generated café written as the CLI's CSV pair and as an
 * `.xlsx` pair with Russian headers, Excel date cells and numeric amounts, as an owner's
 * spreadsheet holds them (written by ExcelJS's streaming writer, the library the tests use).
 * Same seed, same guests and purchases in both; kept in bench/data between runs.
 */
import ExcelJS from 'exceljs';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { generateCafe, type CafeOptions } from '../tests/fixtures/cafe-generator.ts';
import { writeCafeCsv } from '../tests/fixtures/write-csv.ts';

export interface ImportPair {
  guests: string;
  purchases: string;
}

// The café's zone is Moscow, UTC+3 all year since 2014: a date cell holds that wall-clock time.
const MOSCOW_MS = 3 * 60 * 60 * 1000;
const wall = (at: Date) => new Date(at.getTime() + MOSCOW_MS);

export async function importFiles(options: CafeOptions): Promise<{ csv: ImportPair; xlsx: ImportPair }> {
  const dir = join('bench', 'data', `cafe-${options.guests}-${options.purchases}`);
  const csv = { guests: join(dir, 'guests.csv'), purchases: join(dir, 'purchases.csv') };
  const xlsx = { guests: join(dir, 'Гости.xlsx'), purchases: join(dir, 'Покупки.xlsx') };
  if (!existsSync(csv.purchases)) await writeCafeCsv(dir, options);
  if (!existsSync(xlsx.purchases)) await writeXlsx(xlsx, options);
  return { csv, xlsx };
}

async function writeXlsx(paths: ImportPair, options: CafeOptions): Promise<void> {
  const open = (filename: string, sheet: string, header: string[]) => {
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename, useSharedStrings: false, useStyles: true });
    const ws = book.addWorksheet(sheet);
    ws.addRow(header).commit();
    return { book, ws };
  };
  const g = open(paths.guests, 'Гости', ['Телефон', 'Имя', 'Дата регистрации']);
  const p = open(paths.purchases, 'Покупки', ['Телефон', 'Дата', 'Сумма']);
  for (const guest of generateCafe(options)) {
    const row = g.ws.addRow([guest.phone, guest.name ?? '', wall(guest.registeredAt)]);
    row.getCell(3).numFmt = 'dd.mm.yyyy hh:mm:ss';
    row.commit();
    for (const x of guest.purchases) {
      const r = p.ws.addRow([guest.phone, wall(x.at), x.amount / 100]);
      r.getCell(2).numFmt = 'dd.mm.yyyy hh:mm:ss';
      r.commit();
    }
  }
  for (const { book, ws } of [g, p]) {
    ws.commit();
    await book.commit();
  }
}
