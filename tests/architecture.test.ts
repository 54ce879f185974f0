/** The boundaries of tests/architecture.ts hold in the repository, and each rule does fail when crossed. */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES, violations, type SourceFile } from './architecture.ts';

const repository = (): SourceFile[] =>
  execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', 'shared', 'client', 'server', 'tests', 'bench'], { encoding: 'utf8' })
    .split('\n')
    .filter((p) => /\.tsx?$/.test(p))
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));

describe('architecture', () => {
  it('holds every boundary in the repository', () => {
    expect(violations(repository())).toEqual([]);
  });

  // Each tree breaks exactly one rule; the checker must name it and the offending file.
  const broken: [string, SourceFile[], string][] = [
    [
      'shared/ imports server code',
      [{ path: 'shared/domain/x.ts', text: "import { createApp } from '../../server/app.ts';" }],
      'shared/domain/x.ts → server/app.ts',
    ],
    ['shared/ imports Node', [{ path: 'shared/domain/x.ts', text: "import { readFileSync } from 'node:fs';" }], 'shared/domain/x.ts → node:fs'],
    ['shared/ makes its own ids', [{ path: 'shared/domain/x.ts', text: "import { v7 } from 'uuid';" }], 'shared/domain/x.ts → uuid'],
    ['shared/ reads the clock', [{ path: 'shared/loyalty/x.ts', text: 'export const today = () => new Date();' }], 'shared/loyalty/x.ts'],
    ['shared/ draws random numbers', [{ path: 'shared/mailings/x.ts', text: 'export const pick = () => Math.random();' }], 'shared/mailings/x.ts'],
    [
      'client/ imports server code',
      [{ path: 'client/owner/x.ts', text: "import type { Db } from '../../server/db/db.ts';" }],
      'client/owner/x.ts → server/db/db.ts',
    ],
    [
      'server/ imports client code',
      [{ path: 'server/sync/x.ts', text: "import { CounterDb } from '../../client/data/db.ts';" }],
      'server/sync/x.ts → client/data/db.ts',
    ],
    ['a screen opens IndexedDB itself', [{ path: 'client/counter/X.tsx', text: "import { Dexie } from 'dexie';" }], 'client/counter/X.tsx → dexie'],
    ['a repository talks to pg', [{ path: 'server/guests/x.repo.ts', text: "import pg from 'pg';" }], 'server/guests/x.repo.ts → pg'],
    [
      'sync code maps errors to HTTP',
      [{ path: 'server/sync/push.ts', text: "import { ApiError } from '../http/errors.ts';" }],
      'server/sync/push.ts → server/http/errors.ts',
    ],
    [
      'the tablet loads zod through a schema module',
      [
        { path: 'client/data/x.ts', text: "import { mutationSchema } from '../../shared/sync/mutations.ts';" },
        { path: 'shared/sync/mutations.ts', text: "import { z } from 'zod';" },
      ],
      'client/data/x.ts → shared/sync/mutations.ts',
    ],
  ];

  it.each(broken)('fails when %s', (_what, tree, offender) => {
    const found = violations(tree);
    expect(found).toHaveLength(1);
    expect(found[0]!.offenders).toEqual([offender]);
  });

  it('lets what is allowed through: type-only schema imports, tests, routes', () => {
    expect(
      violations([
        { path: 'client/data/x.ts', text: "import type { Mutation } from '../../shared/sync/mutations.ts';" },
        { path: 'shared/sync/mutations.ts', text: "import { z } from 'zod';" },
        { path: 'client/owner/x.test.tsx', text: "import { createApp } from '../../server/app.ts';" },
        { path: 'server/sync/sync.route.ts', text: "import { ApiError } from '../http/errors.ts';" },
        { path: 'shared/domain/x.ts', text: '// new Date() is never called here\nexport const at = (now: Date) => now;' },
      ]),
    ).toEqual([]);
  });

  it('has a failing example for every rule', () => {
    const failed = new Set(broken.flatMap(([, tree]) => violations(tree).map((v) => v.rule)));
    expect(RULES.map((r) => r.name).filter((name) => !failed.has(name))).toEqual([]);
  });
});
