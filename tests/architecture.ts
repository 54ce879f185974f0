/**
 * The boundaries DESIGN.md and STYLE.md fix, as rules over the source tree: each rule looks at
 * a file's path, its imports (resolved to repository paths where relative) and its text, and
 * names what crosses a boundary. tests/architecture.test.ts runs them over the repository
 * and, to show each rule can fail, over small trees that break it.
 */
import { posix } from 'node:path';

export interface SourceFile {
  path: string;
  text: string;
}

interface Import {
  /** A repository path for relative imports, the package name otherwise. */
  target: string;
  typeOnly: boolean;
}

const IMPORT = /^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+['"]([^'"]+)['"]|^\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/gm;

export function importsOf(file: SourceFile): Import[] {
  const out: Import[] = [];
  for (const m of file.text.matchAll(IMPORT)) {
    const spec = m[3] ?? m[4] ?? m[5]!;
    const target = spec.startsWith('.') ? posix.normalize(posix.join(posix.dirname(file.path), spec)) : spec;
    out.push({ target, typeOnly: !!m[2] });
  }
  return out;
}

const isTest = (path: string) => /\.test\.tsx?$/.test(path) || /\/test-(helpers|utils)\./.test(path) || path.startsWith('tests/');
const under = (path: string, dir: string) => path.startsWith(`${dir}/`);
const pkg = (target: string, ...names: string[]) => names.some((n) => target === n || target.startsWith(`${n}/`));
/** Comments and strings do not read clocks; only code does. */
const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');

export interface Rule {
  name: string;
  check(file: SourceFile, all: ReadonlyMap<string, SourceFile>): string[];
}

export const RULES: Rule[] = [
  {
    name: 'shared/ imports nothing of the app, no Node, database, browser-storage or UI code',
    check: (f) =>
      !under(f.path, 'shared') || isTest(f.path)
        ? []
        : importsOf(f)
            .filter(
              (i) =>
                ['client/', 'server/', 'tests/', 'bench/'].some((d) => i.target.startsWith(d)) ||
                i.target.startsWith('node:') ||
                pkg(i.target, 'pg', '@electric-sql/pglite', 'dexie', 'dexie-react-hooks', 'react', 'react-dom', 'hono', '@hono/zod-openapi', 'uuid'),
            )
            .map((i) => `${f.path} → ${i.target}`),
  },
  {
    name: 'shared/ reads no clock or randomness: now, ids and random numbers are arguments',
    check: (f) =>
      !under(f.path, 'shared') || isTest(f.path) || !/new Date\(\)|Date\.now\(|Math\.random\(|crypto\.|performance\.now\(/.test(code(f.text)) ? [] : [f.path],
  },
  {
    name: 'client/ and server/ never import each other outside tests',
    check: (f) => {
      if (isTest(f.path)) return [];
      const other = under(f.path, 'client') ? 'server/' : under(f.path, 'server') ? 'client/' : null;
      return other
        ? importsOf(f)
            .filter((i) => i.target.startsWith(other))
            .map((i) => `${f.path} → ${i.target}`)
        : [];
    },
  },
  {
    name: 'only client/data/ touches IndexedDB (Dexie)',
    check: (f) =>
      under(f.path, 'client/data') || isTest(f.path) || !under(f.path, 'client')
        ? []
        : importsOf(f)
            .filter((i) => !i.typeOnly && pkg(i.target, 'dexie', 'dexie-react-hooks', 'fake-indexeddb'))
            .map((i) => `${f.path} → ${i.target}`),
  },
  {
    name: 'only server/db/ talks to a database driver',
    check: (f) =>
      under(f.path, 'server/db') || !under(f.path, 'server')
        ? []
        : importsOf(f)
            .filter((i) => pkg(i.target, 'pg', '@electric-sql/pglite'))
            .map((i) => `${f.path} → ${i.target}`),
  },
  {
    name: 'only routes, HTTP middleware and the app import server/http/ (sync and domain code raise domain errors)',
    check: (f) =>
      !under(f.path, 'server') || under(f.path, 'server/http') || isTest(f.path) || /\.route\.ts$|-auth\.ts$|^server\/app\.ts$/.test(f.path)
        ? []
        : importsOf(f)
            .filter((i) => i.target.startsWith('server/http/'))
            .map((i) => `${f.path} → ${i.target}`),
  },
  {
    name: 'the tablet imports zod schemas only as types, so zod stays out of its first load',
    check: (f, all) =>
      !under(f.path, 'client') || isTest(f.path)
        ? []
        : importsOf(f)
            .filter((i) => !i.typeOnly && (pkg(i.target, 'zod') || carriesZod(i.target, all)))
            .map((i) => `${f.path} → ${i.target}`),
  },
];

/** Whether loading this shared module loads zod: it imports zod, or a module that does, by value. */
function carriesZod(path: string, all: ReadonlyMap<string, SourceFile>, seen = new Set<string>()): boolean {
  const file = all.get(path);
  if (!file || seen.has(path)) return false;
  seen.add(path);
  return importsOf(file).some((i) => !i.typeOnly && (pkg(i.target, 'zod') || carriesZod(i.target, all, seen)));
}

export function violations(files: readonly SourceFile[]): { rule: string; offenders: string[] }[] {
  const all = new Map(files.map((f) => [f.path, f]));
  return RULES.map((rule) => ({ rule: rule.name, offenders: files.flatMap((f) => rule.check(f, all)) })).filter((v) => v.offenders.length);
}
