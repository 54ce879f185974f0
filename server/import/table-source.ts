/**
 * One way to read an import file, whatever it is: a CSV (csv-reader.ts) or an `.xlsx`
 * workbook (xlsx-reader.ts) is a source of rows of cells, each row with the line (CSV) or
 * row number (sheet) the owner sees in their editor, blank rows left out. The kind is told
 * by the file's first bytes, not its name. Everything that can be known about the file
 * before its rows are read — missing, unreadable, neither CSV nor `.xlsx`, not UTF-8, a
 * workbook with a password, a damaged one — is an ImportInputError from openTableSource,
 * before anything is written.
 */
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Cell } from '../../shared/import/row-issue.ts';
import { openCsvSource } from './csv-reader.ts';
import { ImportInputError } from './import-error.ts';
import { compoundContent, firstDirectorySector, sniff } from './sniff.ts';
import { openXlsxSource } from './xlsx-reader.ts';
import { DEFAULT_XLSX_LIMITS, type XlsxLimits } from './xlsx-zip.ts';

/** A row of cells, or one that could not be read (`row-unreadable`) or is too short for the columns it needs (`row-short`). */
export type SourceRow = { line: number; cells: Cell[] } | { line: number; error: string; code: 'row-unreadable' | 'row-short' };

export interface TableSource {
  /** The file's name as messages show it. */
  readonly name: string;
  readonly format: 'csv' | 'xlsx';
  /** The sheet read, for a workbook. */
  readonly sheet?: string;
  /** What bytesRead counts up to: the file (CSV) or the sheet's uncompressed XML (`.xlsx`). */
  readonly totalBytes: number;
  bytesRead(): number;
  /** Every non-blank row from the top of the file; call once. */
  rows(): AsyncGenerator<SourceRow>;
  close(): Promise<void>;
}

export interface SourceOptions {
  /** The name messages use (an upload's original name); the path's base name by default. */
  name?: string;
  /** Refuse a bigger file (bytes on disk). */
  maxBytes?: number;
  xlsx?: XlsxLimits;
}

const HEAD_BYTES = 64 * 1024;

export async function openTableSource(path: string, options: SourceOptions = {}): Promise<TableSource> {
  const name = options.name ?? basename(path);
  let size: number;
  let head: Buffer;
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
    size = info.size;
    head = await readAt(path, 0, Math.min(HEAD_BYTES, size));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a folder' : (e as Error).message;
    throw new ImportInputError('file-unreadable', `cannot read ${path}: ${why}`);
  }
  if (options.maxBytes !== undefined && size > options.maxBytes) {
    throw new ImportInputError('file-too-large', `${name}: the file is ${mib(size)}, over the limit of ${mib(options.maxBytes)}`);
  }
  const kind = sniff(head, size <= HEAD_BYTES);
  switch (kind.kind) {
    case 'xlsx':
      return openXlsxSource(path, name, options.xlsx ?? DEFAULT_XLSX_LIMITS);
    case 'compound':
      throw await compoundError(path, name, head);
    case 'binary':
      throw new ImportInputError('not-a-table', `${name}: this is neither a CSV nor an .xlsx file`);
    case 'other-encoding':
      throw new ImportInputError(
        'encoding-not-utf8',
        kind.encoding === 'unknown'
          ? `${name}: the file is not UTF-8 text (in Excel: Save as → "CSV UTF-8", or import the .xlsx itself)`
          : `${name}: the file is in ${kind.encoding}${kind.encoding === 'UTF-16' ? '' : ' (Cyrillic)'}, not UTF-8: in Excel use Save as → "CSV UTF-8", or import the .xlsx itself`,
      );
    case 'text':
      return openCsvSource(path, name, size, head);
  }
}

async function compoundError(path: string, name: string, head: Buffer): Promise<ImportInputError> {
  const sector = firstDirectorySector(head);
  const content = sector ? compoundContent(await readAt(path, sector.offset, sector.size)) : 'unknown';
  if (content === 'encrypted') {
    return new ImportInputError(
      'xlsx-encrypted',
      `${name}: the workbook is protected with a password; open it in Excel, remove the password (File → Info → Protect Workbook → Encrypt with Password) and save it again`,
    );
  }
  return new ImportInputError(
    'xlsx-legacy-xls',
    content === 'xls'
      ? `${name}: this is an Excel 97–2003 workbook (.xls); open it in Excel and save it as .xlsx`
      : `${name}: this is an Office file that is not an .xlsx workbook (a password-protected or old .xls file?); save it as .xlsx`,
  );
}

async function readAt(path: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, position);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

const mib = (bytes: number) => (bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);
