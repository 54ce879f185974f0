import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { openPglite } from './pglite.ts';

/** Every path under `dir` (and itself) with its permission bits and whether it is a folder. */
function modes(dir: string): { path: string; mode: number; folder: boolean }[] {
  const paths = [dir, ...(readdirSync(dir, { recursive: true }) as string[]).map((name) => join(dir, name))];
  return paths.map((path) => {
    const s = statSync(path);
    return { path, mode: s.mode & 0o777, folder: s.isDirectory() };
  });
}

it('keeps DATA_DIR the owner’s alone: closed to others while open, folders 0700 and files 0600 after close', { timeout: 120_000 }, async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'pglite-modes-')), 'data');
  const db = await openPglite(dataDir);
  await db.exec("CREATE TABLE t (x text); INSERT INTO t VALUES ('+79161234567')");
  const open = modes(dataDir);
  expect(open[0]).toEqual({ path: dataDir, mode: 0o700, folder: true });
  for (const { path, mode } of open) expect([path, mode & 0o002]).toEqual([path, 0]);
  await db.close();
  for (const { path, mode, folder } of modes(dataDir)) expect([path, mode]).toEqual([path, folder ? 0o700 : 0o600]);
});
