/** The layering DESIGN.md fixes: shared/ is pure and depends on nothing of client/ or server/. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f) ? [p] : [];
  });
}

const imports = (file: string) => [...readFileSync(file, 'utf8').matchAll(/^import[^'"]*['"]([^'"]+)['"]/gm)].map((m) => m[1]!);

describe('architecture', () => {
  it('shared/ imports no client, server, Node, database or React code', () => {
    const forbidden = /^(\.\.\/)+(client|server|tests)\/|^node:|^(pg|@electric-sql|dexie|react|react-dom|hono)(\/|$)/;
    const offenders = files('shared').flatMap((f) =>
      imports(f)
        .filter((i) => forbidden.test(i))
        .map((i) => `${f} → ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('shared/ domain code reads no clock: time is passed in', () => {
    const offenders = files('shared').filter((f) => !f.includes('test-helpers') && /new Date\(\)|Date\.now\(\)/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('the tablet imports zod schemas only as types, so zod stays out of its first load', () => {
    const offenders = files('client').flatMap((f) =>
      [...readFileSync(f, 'utf8').matchAll(/^import (?!type )[^'"]*['"]([^'"]+)['"]/gm)]
        .map((m) => m[1]!)
        .filter((i) => /shared\/(schemas\/|sync\/protocol)|^zod/.test(i))
        .map((i) => `${f} → ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('only server/db/ talks to a database driver', () => {
    const offenders = files('server')
      .filter((f) => !f.startsWith(join('server', 'db')))
      .flatMap((f) =>
        imports(f)
          .filter((i) => /^(pg|@electric-sql\/pglite)$/.test(i))
          .map((i) => `${f} → ${i}`),
      );
    expect(offenders).toEqual([]);
  });
});
