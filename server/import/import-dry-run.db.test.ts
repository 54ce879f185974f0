import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeOnBackends } from '../../tests/support/backends.ts';
import type { Db } from '../db/db.ts';
import { importBase, type AddedGuest, type ImportRequest, type RowProblem } from './import-base.ts';
import { wall, writeWorkbook } from './xlsx-test-files.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'import-dry-'));
let n = 0;
function csv(content: string): string {
  const path = join(dir, `f${n++}.csv`);
  writeFileSync(path, content);
  return path;
}

/** Every row of every table and every sequence's position: "nothing written" means this is unchanged. */
async function wholeDatabase(db: Db) {
  const tables = await db.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
  );
  const sequences = await db.query<{ sequence_name: string }>(
    "SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = 'public' ORDER BY 1",
  );
  const state: Record<string, unknown> = {};
  for (const { table_name } of tables) state[table_name] = await db.query(`SELECT * FROM "${table_name}" ORDER BY 1`);
  for (const { sequence_name } of sequences) state[`sequence ${sequence_name}`] = await db.query(`SELECT last_value, is_called FROM "${sequence_name}"`);
  return state;
}

async function run(db: Db, request: ImportRequest) {
  const problems: RowProblem[] = [];
  const added: AddedGuest[] = [];
  const summary = await importBase(db, request, {
    now: NOW,
    onProblem: (p) => problems.push(p),
    onGuestsAdded: async (_tx, guests) => {
      added.push(...guests);
    },
    batchSize: 2,
  });
  return { summary, problems, added };
}

const guestsCsv = () =>
  csv(
    [
      'Телефон;Имя;Дата регистрации;Баллы',
      '+79130000001;Анна;01.10.2026 10:00;100', // 2 stored by the first import
      '+79130000002;Пётр;02.10.2026;50', // 3 stored
      '+79130000003;Оля;03.10.2026;7', // 4 new
      '+79130000003;Оля снова;04.10.2026;', // 5 duplicate of line 4
      '+74951234567;Офис;05.10.2026;', // 6 a landline
      '+79130000004;Ира;06.10.2026 25:00;', // 7 no such time
    ].join('\n'),
  );
const purchasesCsv = () =>
  csv(
    [
      'Телефон;Дата;Сумма',
      '+79130000001;01.11.2026 10:00;100', // 2 stored by the first import
      '+79130000001;01.11.2026 10:00;100', // 3 the same again: a second purchase, new
      '+79130000003;02.11.2026 11:00;250,50', // 4 new, guest from the guests file
      '+79130000009;03.11.2026 12:00;"1 000 ₽"', // 5 new, guest first seen here
      '+79130000009;03.11.2026 12:30;0', // 6 zero amount
    ].join('\n'),
  );

describeOnBackends('import dry run', ({ db }) => {
  it('writes nothing to a database with no café yet, and counts everything as new', async () => {
    const before = await wholeDatabase(db());
    expect(before.cafes).toEqual([]);
    const { summary, problems, added } = await run(db(), {
      guests: { path: guestsCsv() },
      purchases: { path: purchasesCsv() },
      dryRun: true,
      timeZone: 'Asia/Tokyo' as never,
    });
    expect(await wholeDatabase(db())).toEqual(before);
    expect(added).toEqual([]);
    expect(summary).toEqual({
      dryRun: true,
      guests: { rows: 6, added: 3, alreadyStored: 0, duplicates: 1, bad: 2, openingBalance: 157 },
      purchases: { rows: 5, added: 4, alreadyStored: 0, bad: 1, guestsCreated: 1 },
      segmentChanges: 0,
      timeZone: 'Asia/Tokyo',
    });
    expect(problems.map((p) => [p.file.endsWith('.csv'), p.line, p.code])).toEqual([
      [true, 5, 'duplicate-phone'],
      [true, 6, 'phone-invalid'],
      [true, 7, 'date-not-real'],
      [true, 6, 'amount-zero'],
    ]);
    expect(problems.some((p) => p.message.includes('4951234567'))).toBe(false);
  });

  it('counts new and already stored guests and purchases against what is stored, writing nothing', async () => {
    // First, a real import of part of the base.
    await run(db(), {
      guests: { path: csv('phone;name;registered_at\n+79130000001;Анна;2026-10-01T10:00:00+03:00\n+79130000002;Пётр;2026-10-02\n') },
      purchases: { path: csv('Телефон;Дата;Сумма\n+79130000001;01.11.2026 10:00;100\n') },
      timeZone: 'Europe/Moscow' as never,
    });
    const before = await wholeDatabase(db());
    const { summary, added } = await run(db(), { guests: { path: guestsCsv() }, purchases: { path: purchasesCsv() }, dryRun: true });
    expect(await wholeDatabase(db())).toEqual(before);
    expect(added).toEqual([]);
    expect(summary).toEqual({
      dryRun: true,
      guests: { rows: 6, added: 1, alreadyStored: 2, duplicates: 1, bad: 2, openingBalance: 7 },
      purchases: { rows: 5, added: 3, alreadyStored: 1, bad: 1, guestsCreated: 1 },
      segmentChanges: 0,
      timeZone: 'Europe/Moscow',
    });
    // The real import then adds exactly what the dry run said it would.
    const real = await run(db(), { guests: { path: guestsCsv() }, purchases: { path: purchasesCsv() } });
    expect(real.summary.guests).toEqual(summary.guests);
    expect(real.summary.purchases).toEqual(summary.purchases);
    expect(real.added.map((g) => [g.phone, g.openingBalance])).toEqual([['+79130000003', 7]]);
  });

  it('writes nothing for an .xlsx either, nor for a time zone given with it', async () => {
    const before = await wholeDatabase(db());
    const purchases = await writeWorkbook((wb) => {
      const ws = wb.addWorksheet('Чеки');
      ws.addRow(['Телефон', 'Дата', 'Сумма']);
      ws.addRow(['+79130000020', wall('2026-11-01 10:00'), 100]);
    });
    const { summary } = await run(db(), { purchases: { path: purchases }, dryRun: true, timeZone: 'America/New_York' as never });
    expect(summary.purchases).toMatchObject({ rows: 1, added: 1, guestsCreated: 1 });
    expect(summary.timeZone).toBe('America/New_York');
    expect(await wholeDatabase(db())).toEqual(before);
  });
});
