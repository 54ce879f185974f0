import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportInputError } from './import-error.ts';
import { UploadStore } from './uploads.ts';

const NOW = new Date();
const HOUR = 60 * 60 * 1000;
const body = (text: string) => new Blob([text]).stream();

describe('the upload store', () => {
  it('keeps an upload as sent and finds it by id', async () => {
    const store = new UploadStore(mkdtempSync(join(tmpdir(), 'uploads-')), 100);
    const saved = await store.save('upload-0001', 'guests', 'Гости.csv', body('phone\n+79123456789\n'), NOW);
    expect(saved).toMatchObject({ id: 'upload-0001', kind: 'guests', name: 'Гости.csv', size: 19 });
    expect(await store.get('upload-0001')).toEqual(saved);
  });

  it('takes a body of exactly the limit and refuses one byte more, keeping nothing of it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uploads-'));
    const store = new UploadStore(dir, 10);
    expect((await store.save('exactly-10', 'guests', 'a.csv', body('0123456789'), NOW)).size).toBe(10);
    await expect(store.save('eleven-bytes', 'guests', 'b.csv', body('0123456789A'), NOW)).rejects.toSatisfy(
      (e) => e instanceof ImportInputError && e.code === 'file-too-large',
    );
    expect(readdirSync(dir)).toEqual(['exactly-10']);
  });

  it('finds nothing for an id it did not make, a path among them', async () => {
    const store = new UploadStore(mkdtempSync(join(tmpdir(), 'uploads-')));
    expect(await store.get('no-such-upload')).toBeNull();
    expect(await store.get('../../etc/passwd')).toBeNull();
  });

  it('removes uploads a day old and keeps younger ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'uploads-'));
    const store = new UploadStore(dir);
    await store.save('upload-old1', 'guests', 'a.csv', body('x'), NOW);
    await store.sweep(new Date(NOW.getTime() + 23 * HOUR));
    expect(existsSync(join(dir, 'upload-old1'))).toBe(true);
    await store.sweep(new Date(NOW.getTime() + 25 * HOUR));
    expect(existsSync(join(dir, 'upload-old1'))).toBe(false);
  });
});
