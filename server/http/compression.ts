/**
 * Compressed copies of the built app. `vite build` writes `x.br` and `x.gz` beside every text
 * file of dist/ (precompressDir, from vite.config.ts), at the strongest settings, once; the
 * server sends those and compresses at run time only what has no copy (static-files.ts does
 * it once per file and keeps the result). Nothing is compressed per request.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';

export type Encoding = 'br' | 'gzip';

/** Server preference when the browser accepts both equally: brotli is about a fifth smaller. */
export const ENCODINGS: readonly Encoding[] = ['br', 'gzip'];
export const SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

/** Text formats worth compressing; images and fonts of the app are compressed already. */
const COMPRESSIBLE = new Set(['.js', '.mjs', '.css', '.html', '.svg', '.json', '.webmanifest', '.txt', '.map', '.xml']);
export const isCompressible = (path: string) => COMPRESSIBLE.has(extname(path).toLowerCase());

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

export function compress(data: Buffer, encoding: Encoding): Promise<Buffer> {
  return encoding === 'br'
    ? brotli(data, { params: { [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } })
    : gz(data, { level: constants.Z_BEST_COMPRESSION });
}

/**
 * Which encoding to send for an Accept-Encoding header: the one with the highest q-value
 * among those we have (`*` stands for any not named), ties to the server's preference;
 * null means the file as it is (no header, nothing acceptable, or every q is 0).
 */
export function negotiateEncoding(header: string | undefined, available: readonly Encoding[] = ENCODINGS): Encoding | null {
  if (!header) return null;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q.set(name, Number.isFinite(value) ? value : 0);
  }
  let best: Encoding | null = null;
  let bestQ = 0;
  for (const encoding of available) {
    const value = q.get(encoding) ?? q.get('*') ?? 0;
    if (value > bestQ) [best, bestQ] = [encoding, value];
  }
  return best;
}

/** Writes `.br` and `.gz` beside every compressible file under `dir` (a copy that is not smaller is not written). */
export async function precompressDir(dir: string): Promise<{ files: number; bytes: number; brotliBytes: number }> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const totals = { files: 0, bytes: 0, brotliBytes: 0 };
  for (const entry of entries) {
    if (!entry.isFile() || !isCompressible(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    const data = await readFile(path);
    totals.files++;
    totals.bytes += data.length;
    for (const encoding of ENCODINGS) {
      const packed = await compress(data, encoding);
      if (packed.length >= data.length) continue;
      await writeFile(path + SUFFIX[encoding], packed);
      if (encoding === 'br') totals.brotliBytes += packed.length;
    }
  }
  return totals;
}
