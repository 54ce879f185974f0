/**
 * The owner's uploaded import files, kept on disk until they are a day old: each upload is a
 * folder named by a random id, holding the file as sent and a small JSON of what it is. The
 * body is streamed to disk and counted as it comes, so a file is never held whole in memory
 * and one over the limit is cut off and removed at the limit, not after it has all arrived.
 */
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { ImportKind } from '../../shared/import/columns.ts';
import { ImportInputError } from './import-error.ts';

export interface StoredUpload {
  id: string;
  kind: ImportKind;
  /** The file's own name (messages name it). */
  name: string;
  size: number;
  path: string;
  uploadedAt: string;
}

/** 100 MiB: a million purchases as CSV is about 50. */
export const DEFAULT_UPLOAD_LIMIT = 100 * 1024 * 1024;
const KEEP_MS = 24 * 60 * 60 * 1000;
const ID = /^[A-Za-z0-9_-]{8,64}$/;

export const tooLarge = (name: string, limit: number) =>
  new ImportInputError(
    'file-too-large',
    `${name}: the file is over the limit of ${limit < 1024 * 1024 ? `${Math.floor(limit / 1024)} KiB` : `${Math.floor(limit / 1024 / 1024)} MiB`}`,
  );

export const defaultUploadDir = () => join(tmpdir(), 'cafe-loyalty-imports');

export class UploadStore {
  constructor(
    readonly dir: string,
    readonly maxBytes: number = DEFAULT_UPLOAD_LIMIT,
  ) {}

  /** Streams the body into a new upload; over maxBytes → ImportInputError('file-too-large'), nothing kept. */
  async save(id: string, kind: ImportKind, name: string, body: ReadableStream<Uint8Array> | null, now: Date): Promise<StoredUpload> {
    if (!ID.test(id)) throw new Error('bad upload id');
    const folder = join(this.dir, id);
    await mkdir(folder, { recursive: true });
    const path = join(folder, 'file');
    let size = 0;
    const limit = this.maxBytes;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > limit) done(tooLarge(name, limit));
        else done(null, chunk);
      },
    });
    try {
      await pipeline(body ? Readable.fromWeb(body as WebReadableStream<Uint8Array>) : Readable.from([]), counter, createWriteStream(path));
    } catch (e) {
      await rm(folder, { recursive: true, force: true });
      throw e;
    }
    const upload: StoredUpload = { id, kind, name, size, path, uploadedAt: now.toISOString() };
    await writeFile(join(folder, 'upload.json'), JSON.stringify(upload));
    return upload;
  }

  async get(id: string): Promise<StoredUpload | null> {
    if (!ID.test(id)) return null;
    try {
      return JSON.parse(await readFile(join(this.dir, id, 'upload.json'), 'utf8')) as StoredUpload;
    } catch {
      return null;
    }
  }

  /** Removes uploads older than a day (called at each new upload). */
  async sweep(now: Date): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    for (const name of names) {
      const info = await stat(join(this.dir, name)).catch(() => null);
      if (info && now.getTime() - info.mtimeMs > KEEP_MS) await rm(join(this.dir, name), { recursive: true, force: true });
    }
  }
}
