/**
 * The small parts of an `.xlsx` that say how to read its sheet: relationships (which file is
 * the workbook, its sheets, styles and shared strings), the workbook (sheet names and
 * states, the 1904 date system), the styles (which cell styles are dates) and the shared
 * strings table (streamed in, held as an array: any cell may point into it). XML is read
 * with saxes, strictly, and a DOCTYPE is refused, so no entity is ever expanded.
 */
import { posix } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { isDateFormat } from './xlsx-date-formats.ts';
import { checkedEntry, partBytes, type XlsxZip } from './xlsx-zip.ts';

/** Excel's own limit on a cell's text; anything longer was not written by a spreadsheet. */
export const MAX_CELL_CHARS = 32_767;

/** A strict parser for OOXML: a DOCTYPE (and with it any entity expansion) is refused. */
export function xmlParser(): SaxesParser {
  const parser = new SaxesParser({ position: false });
  parser.on('doctype', () => {
    throw new Error('a DOCTYPE in a workbook part');
  });
  return parser;
}

export const localName = (name: string) => {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
};

/** An attribute by local name, whatever its prefix (`r:id`). */
const attribute = (tag: SaxesTagPlain, local: string): string | undefined => {
  for (const [key, value] of Object.entries(tag.attributes)) if (localName(key) === local) return value;
  return undefined;
};

export interface Relationship {
  id: string;
  type: string;
  /** Zip path, resolved against the part's folder. */
  target: string;
}

export function relationships(xml: string, base: string): Relationship[] {
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

export function parseWorkbook(xml: string): { date1904: boolean; sheets: { name: string; relId: string; state: string }[] } {
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
export function parseDateStyles(xml: string): boolean[] {
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
export const unescapeText = (text: string) =>
  text.includes('_x') ? text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16))) : text;

export async function readSharedStrings(zip: XlsxZip, part: string): Promise<string[]> {
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
  for await (const chunk of partBytes(zip, checkedEntry(zip, part, zip.limits.maxSharedStringsBytes))) parser.write(decoder.write(chunk));
  parser.write(decoder.end()).close();
  return strings;
}
