/**
 * Reads the first visible sheet of an `.xlsx` workbook as a stream of rows, straight from
 * the file on disk, so a sheet of a million rows is never held in memory: only the shared
 * strings table (which any cell may point into) is.
 *
 * Built on yauzl (zip, read through the central directory with random access, declared
 * sizes enforced) and saxes (a strict streaming XML parser with no DTD or entity expansion),
 * rather than on a spreadsheet library: none of them both streams a sheet from disk and is
 * small and well kept (see the commit that added this file). Guarantees:
 * - formula cells are read as the value Excel stored with them, never evaluated;
 * - date cells (a number with a date format) come out as wall-clock ISO text without an
 *   offset (`2026-11-22T09:30:00`), which the importer reads in the café's zone; other
 *   numbers as numbers, booleans as TRUE/FALSE, errors as their text (`#N/A`);
 * - a cell covered by a merged range spanning rows, near the top of the sheet, shows the
 *   range's value, so a header cell merged over two header rows names its column in both;
 * - limits on entry count, part sizes and compression ratio refuse a zip bomb before it is
 *   inflated; every part's CRC is checked, and the sheet is checked whole before its first
 *   row is handed on, so a damaged workbook is refused before anything is imported.
 */
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { crc32 } from 'node:zlib';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { excelSerialToWallClock, wallClockText } from '../../shared/import/dates.ts';
import type { Cell } from '../../shared/import/row-issue.ts';
import { ImportInputError } from './import-error.ts';
import type { SourceRow, TableSource } from './table-source.ts';
import { isDateFormat } from './xlsx-date-formats.ts';

export interface XlsxLimits {
  /** Files in the zip. */
  maxEntries: number;
  /** Uncompressed size of each small part (workbook, relationships, styles). */
  maxPartBytes: number;
  /** Uncompressed size of the shared strings table, which is held in memory. */
  maxSharedStringsBytes: number;
  /** Uncompressed size of the sheet, which is streamed. */
  maxSheetBytes: number;
  /** Uncompressed / compressed for any part over 1 MiB: XML compresses 10–100×, a bomb ~1000×. */
  maxRatio: number;
}

export const DEFAULT_XLSX_LIMITS: XlsxLimits = {
  maxEntries: 10_000,
  maxPartBytes: 64 * 1024 * 1024,
  maxSharedStringsBytes: 512 * 1024 * 1024,
  maxSheetBytes: 4 * 1024 * 1024 * 1024,
  maxRatio: 400,
};

/** How many rows from the top a vertical merge fills (headers live there). */
const MERGE_FILL_ROWS = 50;
const MAX_MERGES = 10_000;
const MAX_COLUMNS = 16_384;
/** Excel's own limit on a cell's text; anything longer was not written by a spreadsheet. */
const MAX_CELL_CHARS = 32_767;

interface Workbook {
  zip: ZipFile;
  entries: Map<string, Entry>;
}

export async function openXlsxSource(path: string, name: string, limits: XlsxLimits): Promise<TableSource> {
  const corrupt = (why: string) =>
    new ImportInputError('xlsx-corrupt', `${name}: the workbook is damaged or not an Excel file (${why}); open it in Excel and save it again`);
  let zip: ZipFile;
  try {
    zip = await openZip(path);
  } catch (e) {
    throw corrupt((e as Error).message);
  }
  try {
    if (zip.entryCount > limits.maxEntries)
      throw new ImportInputError('xlsx-too-large', `${name}: the workbook has ${zip.entryCount} parts, over ${limits.maxEntries}`);
    const entries = new Map<string, Entry>();
    try {
      for await (const entry of zip.eachEntry()) entries.set(entry.fileName.replace(/^\//, '').toLowerCase(), entry);
    } catch (e) {
      throw corrupt((e as Error).message);
    }
    const book: Workbook = { zip, entries };
    const read = (part: string, limit = limits.maxPartBytes) => readPart(book, part, name, limits, limit).catch(rethrowAs(corrupt));

    const rootRels = entries.has('_rels/.rels') ? relationships(await read('_rels/.rels'), '') : [];
    const workbookPath = rootRels.find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
    if (!entries.has(workbookPath.toLowerCase())) throw notAWorkbook(name, entries);
    const workbook = parseWorkbook(await read(workbookPath));
    const relsPath = posix.join(posix.dirname(workbookPath), '_rels', `${posix.basename(workbookPath)}.rels`);
    const rels = entries.has(relsPath.toLowerCase()) ? relationships(await read(relsPath), posix.dirname(workbookPath)) : [];
    const sheet = workbook.sheets.find((s) => s.state === 'visible') ?? workbook.sheets[0];
    const sheetPath = sheet && rels.find((r) => r.id === sheet.relId)?.target;
    if (!sheet || !sheetPath || !entries.has(sheetPath.toLowerCase()))
      throw new ImportInputError('xlsx-no-sheet', `${name}: the workbook has no sheet to read`);
    const stylesPath = rels.find((r) => r.type.endsWith('/styles'))?.target;
    const dateStyles = stylesPath && entries.has(stylesPath.toLowerCase()) ? parseDateStyles(await read(stylesPath)) : [];
    const stringsPath = rels.find((r) => r.type.endsWith('/sharedStrings'))?.target;
    const strings =
      stringsPath && entries.has(stringsPath.toLowerCase()) ? await readSharedStrings(book, stringsPath, name, limits).catch(rethrowAs(corrupt)) : [];

    const sheetEntry = checkedEntry(book, sheetPath, name, limits, limits.maxSheetBytes);
    const merges = await scanSheet(book, sheetEntry).catch(rethrowAs(corrupt));
    return sheetSource({ book, entry: sheetEntry, name, sheet: sheet.name, strings, dateStyles, date1904: workbook.date1904, merges, corrupt });
  } catch (e) {
    zip.close();
    throw e;
  }
}

function notAWorkbook(name: string, entries: Map<string, Entry>): ImportInputError {
  if (entries.has('xl/workbook.bin')) return new ImportInputError('not-a-table', `${name}: this is a binary Excel workbook (.xlsb); save it as .xlsx`);
  if (entries.has('content.xml') && entries.has('mimetype')) {
    return new ImportInputError('not-a-table', `${name}: this is an OpenDocument spreadsheet (.ods); save it as .xlsx`);
  }
  return new ImportInputError('not-a-table', `${name}: this is a zip file, not an .xlsx workbook`);
}

const rethrowAs = (corrupt: (why: string) => ImportInputError) => (e: unknown) => {
  throw e instanceof ImportInputError ? e : corrupt((e as Error).message);
};

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (err, zip) =>
      err ? reject(err) : resolve(zip),
    );
  });
}

function checkedEntry(book: Workbook, part: string, name: string, limits: XlsxLimits, limit: number): Entry {
  const entry = book.entries.get(part.replace(/^\//, '').toLowerCase());
  if (!entry) throw new Error(`${part} is missing`);
  if (entry.isEncrypted())
    throw new ImportInputError('xlsx-encrypted', `${name}: the workbook's parts are encrypted (a zip password); save it again without one`);
  const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
  if (entry.uncompressedSize > limit || (entry.uncompressedSize > 1024 * 1024 && ratio > limits.maxRatio)) {
    throw new ImportInputError(
      'xlsx-too-large',
      `${name}: ${part} unpacks to ${(entry.uncompressedSize / 1024 / 1024).toFixed(0)} MiB (${ratio.toFixed(0)}× its packed size), over the limit`,
    );
  }
  return entry;
}

/** Streams a part's bytes, checking its CRC when read to the end. */
async function* partBytes(book: Workbook, entry: Entry, signal?: { stop: boolean }): AsyncGenerator<Buffer> {
  const stream: Readable = await book.zip.openReadStreamPromise(entry);
  let crc = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      crc = crc32(chunk, crc);
      yield chunk;
      if (signal?.stop) return;
    }
  } finally {
    stream.destroy();
  }
  if (crc >>> 0 !== entry.crc32 >>> 0) throw new Error(`${entry.fileName} fails its checksum`);
}

async function readPart(book: Workbook, part: string, name: string, limits: XlsxLimits, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of partBytes(book, checkedEntry(book, part, name, limits, limit))) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/** A strict parser for OOXML: a DOCTYPE (and with it any entity expansion) is refused. */
function xmlParser(): SaxesParser {
  const parser = new SaxesParser({ position: false });
  parser.on('doctype', () => {
    throw new Error('a DOCTYPE in a workbook part');
  });
  return parser;
}

const localName = (name: string) => {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
};

/** An attribute by local name, whatever its prefix (`r:id`). */
const attribute = (tag: SaxesTagPlain, local: string): string | undefined => {
  for (const [key, value] of Object.entries(tag.attributes)) if (localName(key) === local) return value;
  return undefined;
};

interface Relationship {
  id: string;
  type: string;
  /** Zip path, resolved against the part's folder. */
  target: string;
}

function relationships(xml: string, base: string): Relationship[] {
  const found: Relationship[] = [];
  const parser = xmlParser();
  parser.on('opentag', (tag) => {
    if (localName(tag.name) !== 'Relationship' || attribute(tag, 'TargetMode') === 'External') return;
    const target = attribute(tag, 'Target') ?? '';
    found.push({
      id: attribute(tag, 'Id') ?? '',
      type: attribute(tag, 'Type') ?? '',
      target: target.startsWith('/') ? target.slice(1) : posix.normalize(posix.join(base, target)),
    });
  });
  parser.write(xml).close();
  return found;
}

function parseWorkbook(xml: string): { date1904: boolean; sheets: { name: string; relId: string; state: string }[] } {
  let date1904 = false;
  const sheets: { name: string; relId: string; state: string }[] = [];
  const parser = xmlParser();
  parser.on('opentag', (tag) => {
    const local = localName(tag.name);
    if (local === 'workbookPr') date1904 = ['1', 'true'].includes(attribute(tag, 'date1904') ?? '');
    else if (local === 'sheet')
      sheets.push({ name: attribute(tag, 'name') ?? '', relId: attribute(tag, 'id') ?? '', state: attribute(tag, 'state') ?? 'visible' });
  });
  parser.write(xml).close();
  return { date1904, sheets };
}

/** For each cell style index, whether its number format is a date. */
function parseDateStyles(xml: string): boolean[] {
  const codes = new Map<number, string>();
  const styles: boolean[] = [];
  const open = { numFmts: false, cellXfs: false };
  const parser = xmlParser();
  parser.on('opentag', (tag) => {
    const local = localName(tag.name);
    if (local === 'numFmts' || local === 'cellXfs') open[local] = !tag.isSelfClosing;
    else if (local === 'numFmt' && open.numFmts) codes.set(Number(attribute(tag, 'numFmtId')), attribute(tag, 'formatCode') ?? '');
    else if (local === 'xf' && open.cellXfs) {
      const id = Number(attribute(tag, 'numFmtId') ?? '0');
      styles.push(isDateFormat(id, codes.get(id)));
    }
  });
  parser.on('closetag', (tag) => {
    const local = localName(tag.name);
    if (local === 'numFmts' || local === 'cellXfs') open[local] = false;
  });
  parser.write(xml).close();
  return styles;
}

/** OOXML escapes control characters in text as `_x000D_`. */
const unescapeText = (text: string) =>
  text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))) : text;

async function readSharedStrings(book: Workbook, part: string, name: string, limits: XlsxLimits): Promise<string[]> {
  const strings: string[] = [];
  let current = '';
  let inText = false;
  let inPhonetic = false;
  const parser = xmlParser();
  parser.on('opentag', (tag) => {
    const local = localName(tag.name);
    if (local === 'si') current = '';
    else if (local === 't') inText = !inPhonetic && !tag.isSelfClosing;
    else if (local === 'rPh') inPhonetic = true;
  });
  const append = (text: string) => {
    if (!inText) return;
    current += text;
    if (current.length > MAX_CELL_CHARS) throw new Error(`a shared string longer than ${MAX_CELL_CHARS} characters`);
  };
  parser.on('text', append);
  parser.on('cdata', append);
  parser.on('closetag', (tag) => {
    const local = localName(tag.name);
    if (local === 't') inText = false;
    else if (local === 'rPh') inPhonetic = false;
    else if (local === 'si') strings.push(unescapeText(current));
  });
  const decoder = new StringDecoder('utf8');
  for await (const chunk of partBytes(book, checkedEntry(book, part, name, limits, limits.maxSharedStringsBytes))) parser.write(decoder.write(chunk));
  parser.write(decoder.end()).close();
  return strings;
}

/** Vertical merged ranges near the top: column, first row, last row (1-based rows, 0-based column). */
type Merge = { column: number; top: number; bottom: number };

/**
 * Reads the whole sheet once before its rows are handed on: its CRC is checked (a damaged
 * sheet is refused before anything is imported) and its merged ranges, which Excel writes
 * after the rows, are collected.
 */
async function scanSheet(book: Workbook, entry: Entry): Promise<Merge[]> {
  const merges: Merge[] = [];
  const tag = /<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref="\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)"/g;
  let carry = '';
  for await (const chunk of partBytes(book, entry)) {
    // latin1: the tags are ASCII, and no byte of a UTF-8 character looks like one.
    const text = carry + chunk.toString('latin1');
    const cut = text.lastIndexOf('<');
    const whole = cut < 0 ? text : text.slice(0, cut);
    carry = cut < 0 ? '' : text.slice(cut);
    if (!whole.includes('mergeCell')) continue;
    for (const m of whole.matchAll(tag)) {
      const [top, bottom] = [Number(m[2]), Number(m[4])];
      if (bottom > top && top <= MERGE_FILL_ROWS * 20 && merges.length < MAX_MERGES) merges.push({ column: columnIndex(m[1]!), top, bottom });
    }
  }
  return merges;
}

/** `AB` → 27 (0-based). */
function columnIndex(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) {
    const c = letters.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

/** The column of a cell reference (`B12` → 1), or -1 when it has none. */
function refColumn(ref: string): number {
  let n = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c >= 65 && c <= 90) n = n * 26 + (c - 64);
    else if (c >= 97 && c <= 122) n = n * 26 + (c - 96);
    else break;
  }
  return i === 0 ? -1 : n - 1;
}

interface SheetSetup {
  book: Workbook;
  entry: Entry;
  name: string;
  sheet: string;
  strings: string[];
  dateStyles: boolean[];
  date1904: boolean;
  merges: Merge[];
  corrupt: (why: string) => ImportInputError;
}

function sheetSource(s: SheetSetup): TableSource {
  let bytes = 0;
  return {
    name: s.name,
    format: 'xlsx',
    sheet: s.sheet,
    totalBytes: s.entry.uncompressedSize,
    bytesRead: () => bytes,
    async *rows(): AsyncGenerator<SourceRow> {
      const ready: SourceRow[] = [];
      const fill = new MergeFill(s.merges);
      const parser = xmlParser();
      const stop = { stop: false };
      // Cell state; saxes calls back synchronously within write().
      let prefix: string | undefined;
      let rowNumber = 0;
      let cells: Cell[] = [];
      let rowError: string | undefined;
      let column = 0;
      let type = '';
      let style = 0;
      let value = '';
      let capture = false;
      let inInline = false;
      let inPhonetic = false;
      let nonBlank = false;

      parser.on('opentag', (tag) => {
        let name = tag.name;
        // The root's prefix (`x:worksheet` in some writers) is every sheet element's.
        prefix ??= name.slice(0, name.indexOf(':') + 1);
        if (prefix) {
          if (!name.startsWith(prefix)) return;
          name = name.slice(prefix.length);
        }
        switch (name) {
          case 'c': {
            const ref = tag.attributes.r;
            const at = ref === undefined ? -1 : refColumn(ref);
            column = at < 0 ? column + 1 : at;
            type = tag.attributes.t ?? 'n';
            style = tag.attributes.s === undefined ? 0 : Number(tag.attributes.s);
            value = '';
            return;
          }
          case 'v':
            capture = !tag.isSelfClosing;
            return;
          case 'row':
            rowNumber = tag.attributes.r === undefined ? rowNumber + 1 : Number(tag.attributes.r);
            cells = [];
            rowError = undefined;
            column = -1;
            nonBlank = false;
            return;
          case 'is':
            inInline = true;
            return;
          case 't':
            capture = inInline && !inPhonetic && !tag.isSelfClosing;
            return;
          case 'rPh':
            inPhonetic = true;
            return;
        }
      });
      const append = (text: string) => {
        if (!capture) return;
        value += text;
        if (value.length > MAX_CELL_CHARS) {
          rowError = `unreadable cell: longer than ${MAX_CELL_CHARS} characters`;
          value = '';
          capture = false;
        }
      };
      parser.on('text', append);
      parser.on('cdata', append);
      parser.on('closetag', (tag) => {
        let name = tag.name;
        if (prefix) {
          if (!name.startsWith(prefix)) return;
          name = name.slice(prefix.length);
        }
        switch (name) {
          case 'v':
          case 't':
            capture = false;
            return;
          case 'is':
            inInline = false;
            return;
          case 'rPh':
            inPhonetic = false;
            return;
          case 'c': {
            if (column >= MAX_COLUMNS) throw new Error(`a cell beyond column XFD in row ${rowNumber}`);
            const cell = cellValue();
            if (cell === '') return;
            while (cells.length < column) cells.push('');
            cells[column] = cell;
            if (typeof cell === 'number' || cell.trim() !== '') nonBlank = true;
            return;
          }
          case 'row': {
            if (fill.apply(rowNumber, cells)) nonBlank = true;
            if (rowError !== undefined) ready.push({ line: rowNumber, error: rowError, code: 'row-unreadable' });
            else if (nonBlank) ready.push({ line: rowNumber, cells });
            return;
          }
          case 'sheetData':
            stop.stop = true;
            return;
        }
      });

      function cellValue(): Cell {
        switch (type) {
          case 's': {
            const text = s.strings[Number(value)];
            if (text === undefined) rowError = `unreadable cell: shared string ${value} is missing`;
            return text ?? '';
          }
          case 'inlineStr':
          case 'str':
            return unescapeText(value);
          case 'b':
            return value === '1' ? 'TRUE' : value === '0' ? 'FALSE' : value;
          case 'e':
            return value;
          case 'd':
            // An ISO date cell is a wall-clock time like any other date cell, whatever its suffix.
            return value.replace(/(\.\d+)?Z$/, '');
          default: {
            if (value === '') return '';
            const n = Number(value);
            if (!Number.isFinite(n)) return value;
            if (s.dateStyles[style]) {
              const wall = excelSerialToWallClock(n, s.date1904);
              if (wall) return wallClockText(wall);
            }
            return n;
          }
        }
      }

      const decoder = new StringDecoder('utf8');
      try {
        for await (const chunk of partBytes(s.book, s.entry, stop)) {
          bytes += chunk.length;
          parser.write(decoder.write(chunk));
          for (const row of ready) yield row;
          ready.length = 0;
        }
        if (!stop.stop) parser.write(decoder.end()).close();
        for (const row of ready) yield row;
      } catch (e) {
        throw e instanceof ImportInputError ? e : s.corrupt((e as Error).message);
      }
    },
    async close() {
      s.book.zip.close();
    },
  };
}

/** Shows a vertical merge's value in every row it covers, within the first rows of the sheet. */
class MergeFill {
  private readonly pending = new Map<number, Map<number, Cell>>();
  private rowsSeen = 0;

  constructor(private readonly merges: readonly Merge[]) {}

  /** Fills the row's cells covered from above; true when it filled any. */
  apply(row: number, cells: Cell[]): boolean {
    if (this.merges.length === 0 || ++this.rowsSeen > MERGE_FILL_ROWS) return false;
    let filled = false;
    const fills = this.pending.get(row);
    if (fills) {
      for (const [column, value] of fills) {
        if ((cells[column] ?? '') !== '') continue;
        while (cells.length < column) cells.push('');
        cells[column] = value;
        filled = true;
      }
      this.pending.delete(row);
    }
    for (const m of this.merges) {
      if (m.top !== row || (cells[m.column] ?? '') === '') continue;
      for (let r = m.top + 1; r <= Math.min(m.bottom, m.top + MERGE_FILL_ROWS); r++) {
        const at = this.pending.get(r) ?? new Map<number, Cell>();
        at.set(m.column, cells[m.column]!);
        this.pending.set(r, at);
      }
    }
    return filled;
  }
}
