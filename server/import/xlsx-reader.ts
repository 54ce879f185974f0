/**
 * Reads the first visible sheet of an `.xlsx` workbook as a stream of rows, straight from
 * the file on disk, so a sheet of a million rows is never held in memory: only the shared
 * strings table (which any cell may point into) is.
 *
 * Built on yauzl (xlsx-zip.ts) and saxes (xlsx-parts.ts, xlsx-sheet.ts) rather than on a
 * spreadsheet library: none of them both streams a sheet from disk and is small and well
 * kept (the commit that added these files says which were weighed). Guarantees:
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
import { ImportInputError } from './import-error.ts';
import type { TableSource } from './table-source.ts';
import { parseDateStyles, parseWorkbook, readSharedStrings, relationships } from './xlsx-parts.ts';
import { scanSheet, sheetSource } from './xlsx-sheet.ts';
import { checkedEntry, hasPart, openXlsxZip, readPart, type XlsxLimits, type XlsxZip } from './xlsx-zip.ts';

export async function openXlsxSource(path: string, name: string, limits: XlsxLimits): Promise<TableSource> {
  const corrupt = (why: string) =>
    new ImportInputError('xlsx-corrupt', `${name}: the workbook is damaged or not an Excel file (${why}); open it in Excel and save it again`);
  const refuse = (e: unknown): never => {
    throw e instanceof ImportInputError ? e : corrupt((e as Error).message);
  };
  const zip = await openXlsxZip(path, name, limits).catch(refuse);
  try {
    const read = (part: string) => readPart(zip, part).catch(refuse);
    const rootRels = hasPart(zip, '_rels/.rels') ? relationships(await read('_rels/.rels'), '') : [];
    const workbookPath = rootRels.find((r) => r.type.endsWith('/officeDocument'))?.target ?? 'xl/workbook.xml';
    if (!hasPart(zip, workbookPath)) throw notAWorkbook(zip);
    const workbook = parseWorkbook(await read(workbookPath));
    const relsPath = posix.join(posix.dirname(workbookPath), '_rels', `${posix.basename(workbookPath)}.rels`);
    const rels = hasPart(zip, relsPath) ? relationships(await read(relsPath), posix.dirname(workbookPath)) : [];
    const sheet = workbook.sheets.find((s) => s.state === 'visible') ?? workbook.sheets[0];
    const sheetPath = sheet && rels.find((r) => r.id === sheet.relId)?.target;
    if (!sheet || !sheetPath || !hasPart(zip, sheetPath)) throw new ImportInputError('xlsx-no-sheet', `${name}: the workbook has no sheet to read`);
    const stylesPath = rels.find((r) => r.type.endsWith('/styles'))?.target;
    const dateStyles = stylesPath && hasPart(zip, stylesPath) ? parseDateStyles(await read(stylesPath)) : [];
    const stringsPath = rels.find((r) => r.type.endsWith('/sharedStrings'))?.target;
    const strings = stringsPath && hasPart(zip, stringsPath) ? await readSharedStrings(zip, stringsPath).catch(refuse) : [];
    const entry = checkedEntry(zip, sheetPath, limits.maxSheetBytes);
    const merges = await scanSheet(zip, entry).catch(refuse);
    return sheetSource({ zip, entry, name, sheet: sheet.name, strings, dateStyles, date1904: workbook.date1904, merges, corrupt });
  } catch (e) {
    zip.zip.close();
    throw e;
  }
}

function notAWorkbook({ name, entries }: XlsxZip): ImportInputError {
  if (entries.has('xl/workbook.bin')) return new ImportInputError('not-a-table', `${name}: this is a binary Excel workbook (.xlsb); save it as .xlsx`);
  if (entries.has('content.xml') && entries.has('mimetype')) {
    return new ImportInputError('not-a-table', `${name}: this is an OpenDocument spreadsheet (.ods); save it as .xlsx`);
  }
  return new ImportInputError('not-a-table', `${name}: this is a zip file, not an .xlsx workbook`);
}
