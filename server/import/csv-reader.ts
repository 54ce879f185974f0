/**
 * Reads an import CSV as a stream, whatever spreadsheet wrote it: UTF-8 with or without
 * BOM, LF or CRLF, `,` or `;` between fields (Russian Excel writes `;` and a decimal
 * comma). Problems with the whole file (missing, unreadable, not UTF-8, wrong header) are
 * found before anything is imported; problems with a row are yielded with its line number.
 */
import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { basename } from 'node:path';

export class ImportInputError extends Error {}

export interface CsvFile<C extends string> {
  path: string;
  name: string;
  size: number;
  delimiter: ',' | ';' | '\t';
  /** Index of each required column in a record. */
  columns: Record<C, number>;
}

export type CsvRow<C extends string> = { line: number; values: Record<C, string> } | { line: number; error: string };

const HEAD_BYTES = 64 * 1024;

export async function openCsv<C extends string>(path: string, required: readonly C[]): Promise<CsvFile<C>> {
  const name = basename(path);
  let size: number;
  let head: Buffer;
  try {
    size = (await stat(path)).size;
    const handle = await open(path, 'r');
    try {
      head = Buffer.alloc(Math.min(HEAD_BYTES, size));
      await handle.read(head, 0, head.length, 0);
    } finally {
      await handle.close();
    }
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a folder' : (e as Error).message;
    throw new ImportInputError(`cannot read ${path}: ${why}`);
  }
  const text = decodeHead(head, name);
  const headerLine = text.split(/\r?\n/, 1)[0]!;
  if (headerLine.trim() === '') throw new ImportInputError(`${name}: the file is empty; expected a header line: ${required.join(',')}`);
  const delimiter = ([';', ',', '\t'] as const).reduce(
    (best, d) => (count(headerLine, d) > count(headerLine, best) ? d : best),
    ',' as CsvFile<C>['delimiter'],
  );
  const header = headerLine.split(delimiter).map((h) => h.trim().replace(/^"|"$/g, '').trim().toLowerCase());
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length) {
    throw new ImportInputError(
      `${name}: wrong header "${headerLine.trim()}": missing column ${missing.map((m) => `"${m}"`).join(', ')}; expected ${required.join(',')}`,
    );
  }
  const columns = Object.fromEntries(required.map((c) => [c, header.indexOf(c)])) as Record<C, number>;
  return { path, name, size, delimiter, columns };
}

function decodeHead(head: Buffer, name: string): string {
  try {
    // stream: true tolerates a character cut off at the end of the sample.
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(head, { stream: true });
  } catch {
    throw new ImportInputError(`${name}: the file is not UTF-8 text (in Excel: Save as → "CSV UTF-8")`);
  }
}

const count = (s: string, ch: string) => s.split(ch).length - 1;

/** Yields every data row (the header skipped) with the line it ends on. */
export async function* readCsv<C extends string>(file: CsvFile<C>, onBytes?: (bytesRead: number) => void): AsyncGenerator<CsvRow<C>> {
  const source = createReadStream(file.path);
  const parser = source.pipe(
    parse({
      delimiter: file.delimiter,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      info: true,
      from_line: 2,
    }),
  );
  const skipped: CsvRow<C>[] = [];
  parser.on('skip', (e: Error & { lines?: number }) => skipped.push({ line: e.lines ?? 0, error: `unreadable CSV: ${e.message}` }));
  const width = Math.max(...Object.values<number>(file.columns)) + 1;
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    while (skipped.length) yield skipped.shift()!;
    if (record.length < width) {
      yield { line: info.lines, error: `has ${record.length} fields, expected at least ${width}` };
      continue;
    }
    const values = {} as Record<C, string>;
    for (const c in file.columns) values[c] = record[file.columns[c]]!;
    yield { line: info.lines, values };
    onBytes?.(source.bytesRead);
  }
  while (skipped.length) yield skipped.shift()!;
}
