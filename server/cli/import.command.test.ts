import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { openMemoryPglite } from '../db/pglite.ts';
import { wall, writeWorkbook } from '../import/xlsx-test-files.ts';
import { sharedDb } from './context.ts';
import { runCli } from './main.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'cli-import-'));

describe('cli import of Excel files and Russian exports', () => {
  let db: Db;
  let guests: string;
  let purchases: string;
  beforeAll(async () => {
    db = await openMemoryPglite();
    await migrate(db);
    guests = await writeWorkbook(
      (wb) => {
        const ws = wb.addWorksheet('Клиенты');
        ws.getRow(2).values = ['Телефон', 'Имя', 'Дата регистрации', 'Баллы', 'Согласие'];
        ws.getRow(3).values = ['+7 912 500-00-01', 'Анна', wall('2026-01-10 09:00'), 40, 'да'];
        ws.getRow(4).values = ['+7 495 123-45-67', 'Офис', wall('2026-01-11 09:00')];
      },
      join(dir, 'Гости.xlsx'),
    );
    purchases = join(dir, 'Покупки.csv');
    writeFileSync(purchases, 'Телефон;Дата;Сумма\n89125000001;22.11.2026 9:30;"1 200,50 ₽"\n89125000002;21.11.2026;350\n');
  });
  afterAll(() => db.close());

  async function cli(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { line: (t) => out.push(t), err: (t) => err.push(t) }, () => NOW, sharedDb(db));
    return { code, out: out.join('\n'), err };
  }
  const count = async (table: string) => (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`))[0]!.n;

  it('checks an import with --dry-run: the same report, the totals, and nothing written', async () => {
    const r = await cli('import', '--guests', guests, '--purchases', purchases, '--dry-run');
    expect(r.code).toBe(0);
    expect(r.out).toContain('dry run: nothing was written');
    expect(r.out).toMatch(/guests: +2 rows, 1 would be added, 0 already stored, 0 duplicate phones, 1 bad; 40 opening points/);
    expect(r.out).toMatch(/purchases: 2 rows, 2 would be added, 0 already stored, 0 bad; 1 guests would be registered from purchases/);
    expect(r.err).toEqual(['Гости.xlsx:4: phone: phone "+7 4…67" is not a Russian mobile number (+7 9xx)']);
    expect([await count('cafes'), await count('guests'), await count('purchases')]).toEqual([0, 0, 0]);
  });

  it('imports the same files for real, and again adds nothing', async () => {
    const r = await cli('import', '--guests', guests, '--purchases', purchases, '--tz', 'Europe/Moscow');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/guests: +2 rows, 1 added, 0 already stored, 0 duplicate phones, 1 bad; 40 opening points/);
    expect(r.out).toMatch(/purchases: 2 rows, 2 added, 0 already stored, 0 bad; 1 guests registered from purchases/);
    expect([await count('guests'), await count('purchases')]).toEqual([2, 2]);
    const again = await cli('import', '--guests', guests, '--purchases', purchases, '--dry-run');
    expect(again.out).toMatch(/guests: +2 rows, 0 would be added, 1 already stored/);
    expect(again.out).toMatch(/purchases: 2 rows, 0 would be added, 2 already stored/);
  });

  it('stops on a workbook it cannot read, naming it', async () => {
    const broken = join(dir, 'broken.xlsx');
    writeFileSync(broken, Buffer.from('PK\u0003\u0004 this is not a zip', 'latin1'));
    const r = await cli('import', '--guests', broken, '--dry-run');
    expect(r.code).toBe(1);
    expect(r.err).toEqual([expect.stringMatching(/^error: broken\.xlsx: the workbook is damaged or not an Excel file/)]);
  });
});
