import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from '../../tests/support/backends.ts';
import { envelope, pairTablet, pullAll, purchase, push, register, testApp } from '../../tests/support/sync-helpers.ts';
import { sharedDb } from '../cli/context.ts';
import { runCli } from '../cli/main.ts';
import type { Db } from '../db/db.ts';
import { newId } from '../new-id.ts';
import { tablesInOrder } from './backup.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
const at = (m: number) => new Date(NOW.getTime() + m * 60_000);

async function cli(db: Db, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { line: (t) => out.push(t), err: (t) => err.push(t) }, () => NOW, sharedDb(db));
  return { code, out, err };
}

/** Every row of every table, as the database spells it; the café's sync epoch apart (a restore changes it on purpose). */
async function contents(db: Db) {
  const all: Record<string, string[]> = {};
  for (const t of await tablesInOrder(db)) {
    const rows = await db.query<{ j: string }>(`SELECT (to_jsonb(t) - 'sync_epoch' - 'restored_at')::text AS j FROM "${t}" t`);
    all[t] = rows.map((r) => r.j).sort();
  }
  return all;
}

const epochOf = async (db: Db) => (await db.query<{ sync_epoch: string }>('SELECT sync_epoch FROM cafes'))[0]!.sync_epoch;

for (const backend of BACKENDS) {
  (backend.available ? describe : describe.skip)(`backup and restore [${backend.name}]`, () => {
    let source: Awaited<ReturnType<typeof backend.open>>;
    let target: Awaited<ReturnType<typeof backend.open>>;
    let dir: string;
    let token: string;
    const guest = newId();
    beforeAll(async () => {
      [source, target] = [await backend.open(), await backend.open()];
      dir = mkdtempSync(join(tmpdir(), 'backup-'));
      const app = testApp(source.db, () => NOW);
      token = await pairTablet(app, source.db, NOW);
      await cli(source.db, 'owner', 'create', '--email', 'owner@cafe.ru', '--password', 'пароль-владельца');
      const p = newId();
      const res = await push(
        app,
        token,
        [envelope(register(guest, '+79160000001', at(-30), 'Анна «Зерно»')), envelope(purchase(guest, 35_000, at(-20), p))],
        NOW,
      );
      expect(res.body.acked).toHaveLength(2);
      await push(app, token, [envelope({ kind: 'purchase.void', purchaseId: p, reason: 'ошибка' } as never, at(-10))], NOW);
      // A birthday in the first century: PostgreSQL's own text, not JavaScript's Date, carries it.
      await source.db.query("UPDATE guests SET birthday = '0049-03-01' WHERE id = $1", [guest]);
    }, 120_000);
    afterAll(async () => {
      await source?.dispose();
      await target?.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    it('restores into an empty database every row as it was, with a new sync epoch', async () => {
      const file = join(dir, 'all.jsonl');
      const b = await cli(source.db, 'backup', '--out', file);
      expect([b.code, b.err]).toEqual([0, []]);
      expect(readFileSync(file, 'utf8').trim().split('\n').at(-1)).toMatch(/^\{"end":true,"rows":\d+\}$/);
      const r = await cli(target.db, 'restore', '--from', file);
      expect([r.code, r.err]).toEqual([0, []]);
      expect(await contents(target.db)).toEqual(await contents(source.db));
      expect(await epochOf(target.db)).not.toBe(await epochOf(source.db));
      // Sequences go on after the restored rows: a new change gets a number above every restored one.
      const [{ max }] = (await target.db.query<{ max: number }>('SELECT max(version)::int AS max FROM guests')) as [{ max: number }];
      const [{ next }] = (await target.db.query<{ next: number }>("SELECT nextval('change_seq')::int AS next")) as [{ next: number }];
      expect(next).toBeGreaterThan(max);
    });

    it('refuses a database that holds data without --force, and replaces it with --force', async () => {
      const file = join(dir, 'again.jsonl');
      await cli(source.db, 'backup', '--out', file);
      const before = await contents(target.db);
      const refused = await cli(target.db, 'restore', '--from', file);
      expect([refused.code, refused.err]).toEqual([1, [expect.stringMatching(/holds data; restore over it with --force/)]]);
      expect(await contents(target.db)).toEqual(before);
      await target.db.query("UPDATE guests SET name = 'Изменено после'");
      expect((await cli(target.db, 'restore', '--from', file, '--force')).code).toBe(0);
      expect(await contents(target.db)).toEqual(await contents(source.db));
    });

    it('refuses a backup cut short or damaged, and changes nothing', async () => {
      const file = join(dir, 'cut.jsonl');
      await cli(source.db, 'backup', '--out', file);
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      writeFileSync(join(dir, 'short.jsonl'), `${lines.slice(0, -1).join('\n')}\n`);
      writeFileSync(join(dir, 'bad.jsonl'), `${lines.slice(0, 3).join('\n')}\n{"row":\n`);
      writeFileSync(join(dir, 'alien.jsonl'), '{"hello":1}\n');
      const before = await contents(target.db);
      for (const [name, why] of [
        ['short.jsonl', /cut short/],
        ['bad.jsonl', /line 4 of the backup is not JSON/],
        ['alien.jsonl', /not a café loyalty backup/],
      ] as const) {
        const r = await cli(target.db, 'restore', '--from', join(dir, name), '--force');
        expect([r.code, r.err]).toEqual([1, [expect.stringMatching(why)]]);
      }
      expect(await contents(target.db)).toEqual(before);
      expect((await cli(target.db, 'restore')).code).toBe(2);
      expect((await cli(target.db, 'backup')).code).toBe(2);
    });

    it('answers push and pull with the epoch; after a restore tablets see a new one and their re-sent writes come back once', async () => {
      const app = testApp(source.db, () => NOW);
      const epoch = await epochOf(source.db);
      const [page] = await pullAll(app, token);
      expect(page!.epoch).toBe(epoch);
      const file = join(dir, 'before.jsonl');
      await cli(source.db, 'backup', '--out', file);
      // Written after the backup: lost by the restore, unless the tablet sends it again.
      const later = envelope(purchase(guest, 12_000, at(-5)));
      expect((await push(app, token, [later], NOW)).body).toMatchObject({ acked: [later.mutationId], epoch });
      expect((await cli(source.db, 'restore', '--from', file, '--force')).code).toBe(0);
      const restored = testApp(source.db, () => NOW);
      const resent = await push(restored, token, [later], NOW);
      expect(resent.body.epoch).not.toBe(epoch);
      expect(resent.body.acked).toEqual([later.mutationId]);
      expect((await push(restored, token, [later], NOW)).body.acked).toEqual([later.mutationId]);
      expect(
        await source.db.query<{ n: number }>('SELECT count(*)::int AS n FROM purchases WHERE id = $1', [(later.mutation as { purchaseId: string }).purchaseId]),
      ).toEqual([{ n: 1 }]);
    });

    it('gives a change number to the uses of promotions in a backup made before they took one, so tablets pull them', async () => {
      const file = join(dir, 'before-uses.jsonl');
      await cli(source.db, 'backup', '--out', file);
      let purchases = false;
      const older = readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((text) => {
          const line = JSON.parse(text) as { table?: string; columns?: string[]; row?: Record<string, unknown>; sequence?: string };
          if (line.table !== undefined) purchases = line.table === 'purchases';
          if (line.sequence !== undefined) purchases = false;
          if (purchases && line.columns) line.columns = line.columns.filter((c) => c !== 'version');
          if (purchases && line.row) {
            delete line.row.version;
            line.row.promotion_id = newId();
          }
          return JSON.stringify(line);
        });
      writeFileSync(file, `${older.join('\n')}\n`);
      expect((await cli(target.db, 'restore', '--from', file, '--force')).code).toBe(0);
      const uses = await target.db.query<{ version: number | null }>('SELECT version FROM purchases WHERE promotion_id IS NOT NULL');
      expect(uses.length).toBeGreaterThan(0);
      expect(uses.filter((u) => u.version === null)).toEqual([]);
    });
  });
}
