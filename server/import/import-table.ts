/**
 * An import file as a table of one kind (guests or purchases): its header row, found below
 * any blank or title rows; the column mapping (the caller's, or the one the headers
 * suggest); and its data rows. Opening it reads only up to the header, and refuses — before
 * anything is written — a file with no header naming a phone column, or a mapping that
 * cannot be imported, with every reason (codes for screens, one sentence for the CLI).
 */
import {
  checkMapping,
  FIELD_HEADERS,
  FIELDS_OF,
  fieldColumns,
  findHeaderRow,
  HEADER_SEARCH_ROWS,
  recognizeColumns,
  REQUIRED_FIELDS,
  type ColumnMapping,
  type FieldOf,
  type ImportKind,
} from '../../shared/import/columns.ts';
import type { FieldIndex } from '../../shared/import/rows.ts';
import { cellText, type Cell } from '../../shared/import/row-issue.ts';
import { ImportInputError } from './import-error.ts';
import { openTableSource, type SourceOptions, type SourceRow, type TableSource } from './table-source.ts';

export interface ImportFile<K extends ImportKind = ImportKind> {
  path: string;
  /** The name messages use (an upload's original name); the path's base name by default. */
  name?: string;
  /** A column per file column (null: ignored); the headers' suggestion when absent. */
  mapping?: ColumnMapping<FieldOf<K>>;
}

export interface ImportTable<K extends ImportKind> {
  readonly kind: K;
  readonly source: TableSource;
  readonly header: readonly string[];
  /** The header's line (CSV) or row (sheet) number. */
  readonly headerLine: number;
  readonly mapping: ColumnMapping<FieldOf<K>>;
  readonly columns: FieldIndex<FieldOf<K>>;
  /** Data rows after the header; a CSV row too short for a required column is an error row. Call once. */
  rows(): AsyncGenerator<SourceRow>;
  close(): Promise<void>;
}

export async function openImportTable<K extends ImportKind>(file: ImportFile<K>, kind: K, options: SourceOptions = {}): Promise<ImportTable<K>> {
  const source = await openTableSource(file.path, { ...options, ...(file.name === undefined ? {} : { name: file.name }) });
  try {
    return await tableOf(source, kind, file.mapping);
  } catch (e) {
    await source.close();
    throw e;
  }
}

async function tableOf<K extends ImportKind>(source: TableSource, kind: K, chosen: ColumnMapping<FieldOf<K>> | undefined): Promise<ImportTable<K>> {
  const rows = source.rows();
  const top: { line: number; cells: Cell[] }[] = [];
  const early: SourceRow[] = [];
  let exhausted = false;
  while (top.length < HEADER_SEARCH_ROWS) {
    const next = await rows.next();
    if (next.done) {
      exhausted = true;
      break;
    }
    early.push(next.value);
    if ('cells' in next.value) top.push(next.value);
  }
  const expected = REQUIRED_FIELDS[kind].join(',');
  const alternative = REQUIRED_FIELDS[kind].map((f) => FIELD_HEADERS[f].ru).join(';');
  if (top.length === 0) {
    await rows.return(undefined);
    throw new ImportInputError('file-empty', `${source.name}: the file is empty; expected a header line: ${expected}`);
  }
  const at = findHeaderRow(
    top.map((r) => r.cells),
    kind,
  );
  const headerRow = top[Math.max(0, at)]!;
  const header = headerRow.cells.map((c) => cellText(c).trim());
  const mapping = chosen ?? recognizeColumns(header, kind);
  const problems = checkMapping(mapping, kind, header.length);
  if (problems.length) {
    await rows.return(undefined);
    const shown = source.format === 'csv' ? header.join(',') : header.join(' | ');
    throw new ImportInputError(
      at < 0 ? 'no-header' : 'mapping-invalid',
      `${source.name}: wrong header "${shown}" (line ${headerRow.line}): ${problems.map((p) => p.message).join('; ')}; expected ${expected} (or ${alternative})`,
      problems,
    );
  }
  const columns = fieldColumns(mapping, FIELDS_OF[kind] as readonly FieldOf<K>[]);
  // A CSV row must reach every required column; a sheet leaves trailing empty cells out.
  const width = source.format === 'csv' ? Math.max(...REQUIRED_FIELDS[kind].map((f) => (columns as Record<string, number>)[f]!)) + 1 : 0;
  const afterHeader = early.slice(early.indexOf(headerRow) + 1);

  async function* dataRows(): AsyncGenerator<SourceRow> {
    try {
      for (const row of afterHeader) yield checked(row);
      if (!exhausted) for await (const row of rows) yield checked(row);
    } finally {
      await rows.return(undefined);
    }
  }
  const checked = (row: SourceRow): SourceRow =>
    'cells' in row && row.cells.length < width
      ? { line: row.line, error: `has ${row.cells.length} fields, expected at least ${width}`, code: 'row-short' }
      : row;

  return {
    kind,
    source,
    header,
    headerLine: headerRow.line,
    mapping,
    columns,
    rows: dataRows,
    close: () => source.close(),
  };
}

export interface TablePreview<K extends ImportKind> {
  format: 'csv' | 'xlsx';
  sheet?: string;
  header: readonly string[];
  headerLine: number;
  /** What the headers suggest; the owner may change any column. */
  mapping: ColumnMapping<FieldOf<K>>;
  /** The first data rows, as read. */
  sample: { line: number; cells: Cell[] }[];
}

/**
 * The header, the suggested mapping and a few rows, for the owner to check the mapping
 * against. A mapping the headers cannot complete is still previewed (the owner fixes it);
 * a file with no recognisable header is refused with the reason.
 */
export async function previewImportTable<K extends ImportKind>(
  file: ImportFile<K>,
  kind: K,
  sampleRows = 5,
  options: SourceOptions = {},
): Promise<TablePreview<K>> {
  const source = await openTableSource(file.path, { ...options, ...(file.name === undefined ? {} : { name: file.name }) });
  try {
    const first: { line: number; cells: Cell[] }[] = [];
    for await (const row of source.rows()) {
      if ('cells' in row) first.push(row);
      if (first.length >= HEADER_SEARCH_ROWS + sampleRows) break;
    }
    if (first.length === 0) throw new ImportInputError('file-empty', `${source.name}: the file is empty`);
    const at = findHeaderRow(
      first.map((r) => r.cells),
      kind,
    );
    if (at < 0) {
      throw new ImportInputError('no-header', `${source.name}: no header row naming a phone column in the first ${HEADER_SEARCH_ROWS} rows`, [
        { code: 'phone-missing', field: 'phone', message: 'missing column "phone": no column holds the phone number' },
      ]);
    }
    const header = first[at]!.cells.map((c) => cellText(c).trim());
    return {
      format: source.format,
      ...(source.sheet === undefined ? {} : { sheet: source.sheet }),
      header,
      headerLine: first[at]!.line,
      mapping: recognizeColumns(header, kind),
      sample: first.slice(at + 1, at + 1 + sampleRows),
    };
  } finally {
    await source.close();
  }
}
