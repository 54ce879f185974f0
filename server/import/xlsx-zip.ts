/**
 * The zip side of an `.xlsx`: entries read through the central directory with random access
 * from the file on disk (yauzl, which enforces each entry's declared size while inflating),
 * size and compression-ratio limits checked before a part is inflated (a zip bomb is refused
 * unopened), and every part's CRC checked when it has been read to the end.
 */
import type { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { ImportInputError } from './import-error.ts';

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

export interface XlsxZip {
  zip: ZipFile;
  /** By lower-cased path: OOXML part names are case-insensitive. */
  entries: Map<string, Entry>;
  /** The file's name, for messages. */
  name: string;
  limits: XlsxLimits;
}

export async function openXlsxZip(path: string, name: string, limits: XlsxLimits): Promise<XlsxZip> {
  const zip = await new Promise<ZipFile>((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, strictFileNames: false }, (err, z) => (err ? reject(err) : resolve(z)));
  });
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new ImportInputError('xlsx-too-large', `${name}: the workbook has ${zip.entryCount} parts, over ${limits.maxEntries}`);
    }
    const entries = new Map<string, Entry>();
    for await (const entry of zip.eachEntry()) entries.set(entry.fileName.replace(/^\//, '').toLowerCase(), entry);
    return { zip, entries, name, limits };
  } catch (e) {
    zip.close();
    throw e;
  }
}

export const hasPart = (zip: XlsxZip, part: string) => zip.entries.has(part.replace(/^\//, '').toLowerCase());

/** A part's entry, refused when encrypted, over `limit` unpacked, or packed suspiciously tight. */
export function checkedEntry(zip: XlsxZip, part: string, limit = zip.limits.maxPartBytes): Entry {
  const { name, limits } = zip;
  const entry = zip.entries.get(part.replace(/^\//, '').toLowerCase());
  if (!entry) throw new Error(`${part} is missing`);
  if (entry.isEncrypted()) {
    throw new ImportInputError('xlsx-encrypted', `${name}: the workbook's parts are encrypted (a zip password); save it again without one`);
  }
  const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
  if (entry.uncompressedSize > limit || (entry.uncompressedSize > 1024 * 1024 && ratio > limits.maxRatio)) {
    throw new ImportInputError(
      'xlsx-too-large',
      `${name}: ${part} unpacks to ${(entry.uncompressedSize / 1024 / 1024).toFixed(0)} MiB (${ratio.toFixed(0)}× its packed size), over the limit`,
    );
  }
  return entry;
}

/** Streams a part's bytes, checking its CRC when read to the end (not when `signal.stop` ends it early). */
export async function* partBytes(zip: XlsxZip, entry: Entry, signal?: { stop: boolean }): AsyncGenerator<Buffer> {
  const stream: Readable = await zip.zip.openReadStreamPromise(entry);
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

/** A small part whole, as text. */
export async function readPart(zip: XlsxZip, part: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of partBytes(zip, checkedEntry(zip, part))) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}
