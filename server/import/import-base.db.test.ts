import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeOnBackends } from '../../tests/support/backends.ts';
import type { Db } from '../db/db.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import { ImportInputError } from './import-error.ts';
import { importBase, type RowProblem } from './import-base.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'import-test-'));
let n = 0;
function file(content: string | Buffer): string {
  const path = join(dir, `f${n++}.csv`);
  writeFileSync(path, content);
  return path;
}

async function snapshot(db: Db) {
  return {
    guests: await db.query('SELECT phone, name, registered_at, registered_via FROM guests ORDER BY phone'),
    purchases: await db.query('SELECT g.phone, p.purchased_at, p.amount FROM purchases p JOIN guests g ON g.id = p.guest_id ORDER BY 1, 2, 3'),
    stats: await db.query('SELECT g.phone, s.purchase_count, s.total_spend, s.registered_at FROM guest_stats s JOIN guests g ON g.id = s.guest_id ORDER BY 1'),
    cafe: await db.query('SELECT time_zone FROM cafes'),
  };
}

async function run(db: Db, guestsPath?: string, purchasesPath?: string, timeZone?: string) {
  const problems: RowProblem[] = [];
  const summary = await importBase(
    db,
    { guestsPath, purchasesPath, timeZone: timeZone as never },
    { now: NOW, onProblem: (p) => problems.push(p), batchSize: 3 },
  );
  return { summary, problems };
}

describeOnBackends('import', ({ db }) => {
  it('reads Excel-style files: BOM, CRLF, ";" and a decimal comma', async () => {
    const guests = file(
      '\ufeffphone;name;registered_at\r\n+7 912 000-00-01;Анна;2026-01-10T09:00:00+03:00\r\n8 (912) 0000002;"Иванов; Пётр";2026-02-01T10:00:00Z\r\n',
    );
    const purchases = file(
      '\ufeffphone;purchased_at;amount\r\n89120000001;2026-01-10T09:05:00+03:00;350,50\r\n+79120000002;2026-02-01T10:10:00Z;"1 200,00"\r\n',
    );
    const { summary, problems } = await run(db(), guests, purchases, 'Europe/Samara');
    expect(problems).toEqual([]);
    expect(summary.guests.added).toBe(2);
    expect(summary.purchases.added).toBe(2);
    const s = await snapshot(db());
    expect(s.guests).toEqual([
      { phone: '+79120000001', name: 'Анна', registered_at: new Date('2026-01-10T06:00:00Z'), registered_via: 'import' },
      { phone: '+79120000002', name: 'Иванов; Пётр', registered_at: new Date('2026-02-01T10:00:00Z'), registered_via: 'import' },
    ]);
    expect(s.stats.map((r) => r.total_spend)).toEqual([35050, 120000]);
    expect(s.cafe).toEqual([{ time_zone: 'Europe/Samara' }]);
  });

  it('reports each bad row with its line number and reason, and keeps the good ones', async () => {
    const before = await snapshot(db());
    const purchases = file(
      [
        'phone,purchased_at,amount',
        '+79120000003,2026-03-01T10:00:00Z,100', // 2 good
        '+74951234567,2026-03-01T10:00:00Z,100', // 3 landline
        '+79120000003,2026-03-01T10:00:00,100', // 4 good: no offset is the café's wall clock (issue 16), 07:00Z in Moscow
        '+79120000003,2026-03-02T10:00:00Z,abc', // 5 amount
        '+79120000003,2026-03-02T10:00:00Z,0', // 6 zero
        '+79120000003,2026-03-02T10:00:00Z,-5', // 7 negative
        '+79120000003,2027-03-02T10:00:00Z,100', // 8 future
        '+79120000003,2026-03-02T10:00:00Z', // 9 missing field
        '+79120000003,2026-02-30T10:00:00Z,100', // 10 no such date
        '+79120000003,2026-03-03T10:00:00Z,200.25', // 11 good
      ].join('\n'),
    );
    const { summary, problems } = await run(db(), undefined, purchases);
    expect(problems.map((p) => [p.line, p.message.split(' ')[0]])).toEqual([
      [3, 'phone:'],
      [5, 'amount'],
      [6, 'amount'],
      [7, 'amount'],
      [8, 'purchased_at'],
      [9, 'has'],
      [10, 'purchased_at'],
    ]);
    expect(problems[4]!.message).toContain('in the future');
    expect(problems.every((p) => !p.message.includes('4951234567'))).toBe(true);
    expect(summary.purchases).toMatchObject({ rows: 10, added: 3, bad: 7, guestsCreated: 1 });
    const after = await snapshot(db());
    expect(after.guests.length).toBe(before.guests.length + 1);
    expect(after.stats.find((r) => r.phone === '+79120000003')).toMatchObject({ purchase_count: 3, total_spend: 40025 });
  });

  it('registers a guest first seen in purchases at their earliest purchase, wherever it is in the file', async () => {
    const purchases = file(
      [
        'phone,purchased_at,amount',
        '+79120000004,2026-05-10T10:00:00Z,100',
        '+79120000004,2026-05-12T10:00:00Z,100',
        '+79120000004,2026-05-11T10:00:00Z,100',
        '+79120000004,2026-04-01T08:00:00Z,100',
      ].join('\n'),
    );
    await run(db(), undefined, purchases); // batch size 3: the earliest arrives in a later batch
    const s = await snapshot(db());
    expect(s.guests.find((g) => g.phone === '+79120000004')).toMatchObject({
      registered_at: new Date('2026-04-01T08:00:00Z'),
      registered_via: 'import-purchase',
    });
    expect(s.stats.find((g) => g.phone === '+79120000004')).toMatchObject({ registered_at: new Date('2026-04-01T08:00:00Z'), purchase_count: 4 });
  });

  it('adds nothing when the same files are imported again, yet keeps identical purchases that are really two', async () => {
    const guests = file('phone,name,registered_at\n+79120000005,Оля,2026-06-01T10:00:00Z\n+79120000005,Оля again,2026-06-02T10:00:00Z\n');
    const purchases = file('phone,purchased_at,amount\n+79120000005,2026-06-01T10:00:00Z,150\n+79120000005,2026-06-01T10:00:00Z,150\n');
    const first = await run(db(), guests, purchases);
    expect(first.summary.guests).toMatchObject({ added: 1, duplicates: 1 });
    expect(first.problems).toEqual([{ file: expect.any(String), line: 3, message: 'skipped: the same phone is already on line 2', code: 'duplicate-phone' }]);
    expect(first.summary.purchases.added).toBe(2);
    const before = await snapshot(db());
    const second = await run(db(), guests, purchases);
    expect(second.summary.guests.added).toBe(0);
    expect(second.summary.purchases).toMatchObject({ added: 0, alreadyStored: 2 });
    expect(await snapshot(db())).toEqual(before);
  });

  it.each([
    ['a wrong header', () => file('tel,name,registered_at\n+79120000009,X,2026-01-01T00:00:00Z\n'), /missing column "phone"/],
    ['a missing file', () => join(dir, 'nope.csv'), /cannot read .*nope\.csv: no such file/],
    ['an empty file', () => file(''), /the file is empty/],
    [
      'a file that is not UTF-8',
      () => file(Buffer.from('phone,name,registered_at\n+79120000009,\xc0\xed\xed\xe0,2026-01-01T00:00:00Z\n', 'latin1')),
      /not UTF-8/,
    ],
  ])('refuses %s before writing anything', async (_what, makeGuests, message) => {
    const before = await snapshot(db());
    const goodPurchases = file('phone,purchased_at,amount\n+79120000009,2026-01-01T00:00:00Z,100\n');
    await expect(run(db(), makeGuests(), goodPurchases, 'Asia/Tokyo')).rejects.toThrow(ImportInputError);
    await expect(run(db(), makeGuests(), goodPurchases)).rejects.toThrow(message);
    expect(await snapshot(db())).toEqual(before);
  });

  it('records the resulting segments in the history', async () => {
    const cafe = await ensureCafe(db());
    const history = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM segment_history WHERE cafe_id = $1 AND from_segment IS NULL', [cafe.id]);
    const guests = await db().query<{ n: number }>('SELECT count(*)::int AS n FROM guests');
    expect(history[0]!.n).toBe(guests[0]!.n);
  });
});
