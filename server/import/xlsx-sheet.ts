/**
 * The sheet of an `.xlsx` as a stream of rows (see xlsx-reader.ts for what is guaranteed):
 * the whole sheet is first read once to check it and collect its merged ranges, which Excel
 * writes after the rows; then its rows are parsed as the inflated XML arrives, and handed on
 * in batches per chunk, so memory holds a chunk's rows, never the sheet.
 */
import { StringDecoder } from 'node:string_decoder';
import type { Entry } from 'yauzl';
import { excelSerialToWallClock, wallClockText } from '../../shared/import/dates.ts';
import type { Cell } from '../../shared/import/row-issue.ts';
import { ImportInputError } from './import-error.ts';
import type { SourceRow, TableSource } from './table-source.ts';
import { MAX_CELL_CHARS, unescapeText, xmlParser } from './xlsx-parts.ts';
import { partBytes, type XlsxZip } from './xlsx-zip.ts';

/** How many rows from the top a vertical merge fills (headers live there). */
const MERGE_FILL_ROWS = 50;
const MAX_MERGES = 10_000;
const MAX_COLUMNS = 16_384;

/** Vertical merged ranges near the top: column, first row, last row (1-based rows, 0-based column). */
export type Merge = { column: number; top: number; bottom: number };

/**
 * Reads the whole sheet once before its rows are handed on: its CRC is checked (a damaged
 * sheet is refused before anything is imported) and its merged ranges, which Excel writes
 * after the rows, are collected.
 */
export async function scanSheet(zip: XlsxZip, entry: Entry): Promise<Merge[]> {
  const merges: Merge[] = [];
  const tag = /<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref="\$?([A-Z]+)\$?(\d+):\$?([A-Z]+)\$?(\d+)"/g;
  let carry = '';
  for await (const chunk of partBytes(zip, entry)) {
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

export interface SheetSetup {
  zip: XlsxZip;
  entry: Entry;
  name: string;
  sheet: string;
  strings: string[];
  dateStyles: boolean[];
  date1904: boolean;
  merges: Merge[];
  corrupt: (why: string) => ImportInputError;
}

export function sheetSource(s: SheetSetup): TableSource {
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
        for await (const chunk of partBytes(s.zip, s.entry, stop)) {
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
      s.zip.zip.close();
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
