/**
 * What an import file is, from its first bytes rather than its name (an owner's "guests.csv"
 * may be a renamed workbook): an `.xlsx` (a zip), an Office compound file (a workbook with a
 * password, or an old `.xls`), or text — which must be UTF-8. A CSV in another encoding is
 * **refused with the encoding named**, not guessed at: Windows-1251, KOI8-R and CP866 all put
 * Cyrillic in the same byte range, a wrong guess silently garbles every name, and the fix
 * (Excel's "CSV UTF-8", or the `.xlsx` itself) takes the owner one step.
 */

export type Sniffed =
  | { kind: 'xlsx' }
  | { kind: 'compound' }
  | { kind: 'text' }
  | { kind: 'binary' }
  | { kind: 'other-encoding'; encoding: 'UTF-16' | 'Windows-1251' | 'KOI8-R' | 'CP866' | 'unknown' };

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const EMPTY_ZIP = [0x50, 0x4b, 0x05, 0x06];
const COMPOUND = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

const startsWith = (head: Uint8Array, magic: number[]) => magic.every((b, i) => head[i] === b);

/** `head`: the file's first bytes (64 KiB is plenty); `complete`: whether that is the whole file. */
export function sniff(head: Uint8Array, complete: boolean): Sniffed {
  if (startsWith(head, ZIP) || startsWith(head, EMPTY_ZIP)) return { kind: 'xlsx' };
  if (startsWith(head, COMPOUND)) return { kind: 'compound' };
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) return { kind: 'other-encoding', encoding: 'UTF-16' };
  if (head.includes(0)) return { kind: 'binary' };
  try {
    // stream: a character cut off at the end of the sample is not an error.
    new TextDecoder('utf-8', { fatal: true }).decode(head, { stream: !complete });
    return { kind: 'text' };
  } catch {
    return { kind: 'other-encoding', encoding: cyrillicEncoding(head) };
  }
}

/**
 * Which single-byte Cyrillic encoding the text most likely is. Names are mostly lower-case
 * letters: 0xE0–0xFF in Windows-1251, 0xC0–0xDF in KOI8-R; CP866 puts most of them at
 * 0x80–0xAF.
 */
function cyrillicEncoding(head: Uint8Array): 'Windows-1251' | 'KOI8-R' | 'CP866' | 'unknown' {
  let low = 0;
  let mid = 0;
  let high = 0;
  for (const b of head) {
    if (b >= 0xe0) high++;
    else if (b >= 0xc0) mid++;
    else if (b >= 0x80 && b < 0xb0) low++;
  }
  const letters = low + mid + high;
  if (letters === 0) return 'unknown';
  if (low > mid + high) return 'CP866';
  if (high >= mid) return 'Windows-1251';
  return 'KOI8-R';
}

/** Where a compound file's first directory sector lies, from its 512-byte header. */
export function firstDirectorySector(header: Uint8Array): { offset: number; size: number } | null {
  if (header.length < 512) return null;
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const shift = view.getUint16(0x1e, true);
  if (shift !== 9 && shift !== 12) return null;
  const size = 1 << shift;
  return { offset: (view.getUint32(0x30, true) + 1) * size, size };
}

/**
 * What a compound file holds, from the names in its first directory sector: an encrypted
 * OOXML package (`EncryptionInfo`, `EncryptedPackage`: a workbook saved with a password to
 * open) or an Excel 97–2003 `Workbook`.
 */
export function compoundContent(directory: Uint8Array): 'encrypted' | 'xls' | 'unknown' {
  const names: string[] = [];
  const bytes = Buffer.from(directory.buffer, directory.byteOffset, directory.byteLength);
  for (let at = 0; at + 128 <= bytes.length; at += 128) {
    const length = Math.min(bytes.readUInt16LE(at + 64), 64);
    if (length >= 2) names.push(bytes.toString('utf16le', at, at + length - 2));
  }
  if (names.includes('EncryptedPackage') || names.includes('EncryptionInfo')) return 'encrypted';
  if (names.includes('Workbook') || names.includes('Book')) return 'xls';
  return 'unknown';
}
