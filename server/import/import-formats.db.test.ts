import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeOnBackends } from '../../tests/support/backends.ts';
import type { Db } from '../db/db.ts';
import { ImportInputError } from './import-error.ts';
import { importBase, type AddedGuest, type ImportRequest, type RowProblem } from './import-base.ts';
import { encryptWorkbook, wall, writeWorkbook } from './xlsx-test-files.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
const dir = mkdtempSync(join(tmpdir(), 'import-formats-'));
let n = 0;
function csv(content: string | Buffer): string {
  const path = join(dir, `f${n++}.csv`);
  writeFileSync(path, content);
  return path;
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

const guestRow = async (db: Db, phone: string) =>
  (
    await db.query<Record<string, unknown>>(
      'SELECT name, registered_at, registered_via, birthday::text AS birthday, email, consent, consent_at FROM guests WHERE phone = $1',
      [phone],
    )
  )[0];
const purchasesOf = async (db: Db, phone: string) =>
  (
    await db.query<{ purchased_at: Date; amount: number }>(
      'SELECT p.purchased_at, p.amount FROM purchases p JOIN guests g ON g.id = p.guest_id WHERE g.phone = $1 ORDER BY 1',
      [phone],
    )
  ).map((p) => [p.purchased_at.toISOString(), p.amount]);

async function snapshot(db: Db) {
  return {
    guests: await db.query('SELECT * FROM guests ORDER BY phone'),
    purchases: await db.query('SELECT * FROM purchases ORDER BY id'),
    cafes: await db.query('SELECT id, time_zone FROM cafes'),
  };
}

describeOnBackends('import from Excel and Russian exports', ({ db }) => {
  it('imports an .xlsx guest base: empty first row, merged header cells, Russian headers, date cells and the extra columns', async () => {
    const guests = await writeWorkbook((wb) => {
      const ws = wb.addWorksheet('Клиенты');
      // Row 1 empty; a two-row header whose first columns are merged down over both rows.
      ws.getRow(2).values = ['Телефон', 'Имя', 'Дата регистрации', 'Профиль'];
      ws.getRow(3).values = [null, null, null, 'Баллы', 'Email', 'Согласие', 'День рождения'];
      ws.mergeCells('A2:A3');
      ws.mergeCells('B2:B3');
      ws.mergeCells('C2:C3');
      ws.mergeCells('D2:G2');
      ws.getRow(4).values = ['+7 912 100-00-01', 'Анна', wall('2026-01-10 09:00'), 150, 'anna@example.ru', 'да', wall('1990-05-17 00:00')];
      ws.getRow(5).values = [89121000002, 'Пётр', wall('2026-02-01 00:00'), null, null, 'нет', '05.03.1985'];
      ws.getRow(6).values = ['89121000003', 'Оля', wall('2026-02-02 18:30'), '1 200', null, 1, null];
      ws.getRow(7).values = ['89121000004', 'Без даты', null, 10];
      ws.getCell('C4').numFmt = 'dd.mm.yyyy hh:mm';
    });
    const { summary, problems, added } = await run(db(), { guests: { path: guests }, timeZone: 'Asia/Yekaterinburg' as never });
    expect(problems).toEqual([
      { file: expect.stringMatching(/\.xlsx$/), line: 7, code: 'date-empty', field: 'registered_at', message: 'registered_at is empty' },
    ]);
    expect(summary.guests).toMatchObject({ rows: 4, added: 3, bad: 1, openingBalance: 1350 });
    // Yekaterinburg is UTC+5: 09:00 there is 04:00Z; a date cell at midnight is the café's midnight.
    expect(await guestRow(db(), '+79121000001')).toEqual({
      name: 'Анна',
      registered_at: new Date('2026-01-10T04:00:00Z'),
      registered_via: 'import',
      birthday: '1990-05-17',
      email: 'anna@example.ru',
      consent: true,
      consent_at: NOW,
    });
    expect(await guestRow(db(), '+79121000002')).toMatchObject({
      registered_at: new Date('2026-01-31T19:00:00Z'),
      birthday: '1985-03-05',
      consent: false,
      consent_at: null,
    });
    expect(await guestRow(db(), '+79121000003')).toMatchObject({ registered_at: new Date('2026-02-02T13:30:00Z'), consent: true, email: null, birthday: null });
    expect(added.map((g) => [g.phone, g.openingBalance, g.consent.granted]).sort()).toEqual([
      ['+79121000001', 150, true],
      ['+79121000002', 0, false],
      ['+79121000003', 1200, true],
    ]);
    expect(added.every((g) => g.consent.source === 'import')).toBe(true);
    // The consent history says where each "yes" came from: this import, at its time.
    const history = await db().query<{ phone: string; granted: boolean; source: string; at: Date }>(
      `SELECT g.phone, c.granted, c.source, c.at FROM consent_changes c JOIN guests g ON g.id = c.guest_id
       WHERE g.phone IN ('+79121000001', '+79121000002', '+79121000003') ORDER BY g.phone`,
    );
    expect(history).toEqual([
      { phone: '+79121000001', granted: true, source: 'import', at: NOW },
      { phone: '+79121000003', granted: true, source: 'import', at: NOW },
    ]);
  });

  it('imports .xlsx purchases with Excel date cells read in the café’s zone, across a daylight-saving change', async () => {
    const purchases = await writeWorkbook((wb) => {
      const ws = wb.addWorksheet('Чеки');
      ws.addRow(['Дата', 'Телефон', 'Сумма, ₽']);
      ws.addRow([wall('2026-03-29 01:30'), '+79122000001', 350.5]); // CET, +1
      ws.addRow([wall('2026-03-29 02:30'), '+79122000001', 100]); // skipped by the clocks: = 03:30 CEST
      ws.addRow([wall('2026-10-25 02:30'), '+79122000001', '1 200,50 ₽']); // repeated: the first one, CEST
      ws.addRow([wall('2026-10-26 00:00'), '+79122000001', { formula: 'C2*2', result: 701 }]);
      for (const r of [2, 3, 4, 5]) ws.getCell(`A${r}`).numFmt = 'dd.mm.yyyy hh:mm';
    });
    const { summary, problems } = await run(db(), { purchases: { path: purchases }, timeZone: 'Europe/Berlin' as never });
    expect(problems).toEqual([]);
    expect(summary.purchases).toMatchObject({ rows: 4, added: 4, guestsCreated: 1 });
    expect(await purchasesOf(db(), '+79122000001')).toEqual([
      ['2026-03-29T00:30:00.000Z', 35050],
      ['2026-03-29T01:30:00.000Z', 10000],
      ['2026-10-25T00:30:00.000Z', 120050],
      ['2026-10-25T23:00:00.000Z', 70100],
    ]);
    const again = await run(db(), { purchases: { path: purchases } });
    expect(again.summary.purchases).toMatchObject({ added: 0, alreadyStored: 4 });
  });

  it('imports a Russian CSV export: Russian headers, Russian dates, amounts with spaces and ₽, extra columns in any order', async () => {
    const guests = csv(
      '\ufeffКлиенты кофейни\r\n\r\nДень рождения;Телефон;Согласие;Имя;Дата регистрации;Баллы\r\n' +
        '17.05.1990;8 (912) 300-00-01;Да;Анна;22.11.2026;20\r\n' +
        ';+79123000002;;Пётр;21.11.26 23:59:59;\r\n',
    );
    const purchases = csv(
      'Телефон;Дата;Сумма\n' + '89123000001;22.11.2026 0:00;"1 200,50 ₽"\n' + '89123000002;21.11.2026 23:59;350 руб.\n' + '89123000003;2026-11-22T09:30;99,9\n',
    );
    const { summary, problems } = await run(db(), { guests: { path: guests }, purchases: { path: purchases }, timeZone: 'Europe/Moscow' as never });
    expect(problems).toEqual([]);
    expect(summary.guests).toMatchObject({ rows: 2, added: 2, openingBalance: 20 });
    expect(summary.purchases).toMatchObject({ rows: 3, added: 3, guestsCreated: 1 });
    // Café midnight in Moscow (UTC+3) is 21:00Z the day before; 23:59:59 stays on its own day.
    expect(await guestRow(db(), '+79123000001')).toMatchObject({ registered_at: new Date('2026-11-21T21:00:00Z'), birthday: '1990-05-17', consent: true });
    expect(await guestRow(db(), '+79123000002')).toMatchObject({ registered_at: new Date('2026-11-21T20:59:59Z'), consent: false });
    expect(await purchasesOf(db(), '+79123000001')).toEqual([['2026-11-21T21:00:00.000Z', 120050]]);
    expect(await purchasesOf(db(), '+79123000002')).toEqual([['2026-11-21T20:59:00.000Z', 35000]]);
    expect(await purchasesOf(db(), '+79123000003')).toEqual([['2026-11-22T06:30:00.000Z', 9990]]);
  });

  it('reads a file through the owner’s mapping: a column re-mapped, another ignored', async () => {
    const purchases = csv('Клиент;Когда;Итого;Сумма\n+79124000001;01.11.2026 10:00;500;-1\n');
    const { summary, problems } = await run(db(), {
      purchases: { path: purchases, mapping: ['phone', 'purchased_at', 'amount', null] },
      timeZone: 'Europe/Moscow' as never,
    });
    expect(problems).toEqual([]);
    expect(summary.purchases.added).toBe(1);
    expect(await purchasesOf(db(), '+79124000001')).toEqual([['2026-11-01T07:00:00.000Z', 50000]]);
  });

  it.each([
    [
      'two columns mapped to one field',
      () => ({ purchases: { path: csv('Телефон;Дата;Сумма\n+79125000001;01.11.2026;100\n'), mapping: ['phone', 'purchased_at', 'purchased_at'] as const } }),
      'mapping-invalid',
      ['field-mapped-twice', 'field-missing'],
    ],
    ['no phone column', () => ({ guests: { path: csv('Имя;Дата регистрации\nАнна;01.11.2026\n') } }), 'no-header', ['phone-missing']],
    ['a required field with no column', () => ({ guests: { path: csv('Телефон;Имя\n+79125000001;Анна\n') } }), 'mapping-invalid', ['field-missing']],
    ['a header of equally good twins', () => ({ purchases: { path: csv('phone;Телефон;Дата;Сумма\n1;2;3;4\n') } }), 'mapping-invalid', ['field-mapped-twice']],
  ] as const)('refuses %s, with codes, before writing anything', async (_what, request, code, problemCodes) => {
    const before = await snapshot(db());
    const e = await run(db(), request() as ImportRequest).then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(ImportInputError);
    expect((e as ImportInputError).code).toBe(code);
    expect((e as ImportInputError).problems.map((p) => p.code)).toEqual(problemCodes);
    expect(await snapshot(db())).toEqual(before);
  });

  it('refuses a password-protected workbook, a Windows-1251 CSV and a file that is no table, before writing anything', async () => {
    const before = await snapshot(db());
    const workbook = await writeWorkbook((wb) => wb.addWorksheet('s').addRow(['Телефон', 'Имя', 'Дата регистрации']));
    const cases: [string, RegExp][] = [
      [await encryptWorkbook(workbook, 'пароль'), /protected with a password/],
      // "Анна" in Windows-1251, as Russian Excel's plain "CSV" writes it.
      [
        csv(Buffer.concat([Buffer.from('phone;name;registered_at\n+79126000001;'), Buffer.from([0xc0, 0xed, 0xed, 0xe0]), Buffer.from(';2026-01-01\n')])),
        /Windows-1251 \(Cyrillic\), not UTF-8/,
      ],
      [csv(Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0x01])), /neither a CSV nor an .xlsx/],
    ];
    for (const [path, message] of cases) {
      const goodPurchases = csv('phone,purchased_at,amount\n+79126000001,2026-01-01T00:00:00Z,100\n');
      await expect(run(db(), { guests: { path }, purchases: { path: goodPurchases }, timeZone: 'Asia/Tokyo' as never })).rejects.toThrow(message);
    }
    expect(await snapshot(db())).toEqual(before);
  });

  it('gives an imported guest no opening balance twice: a re-import reports no guest as added', async () => {
    const guests = csv('phone,name,registered_at,balance\n+79127000001,Ира,2026-01-01T10:00:00Z,300\n');
    expect((await run(db(), { guestsPath: guests })).added.map((g) => g.openingBalance)).toEqual([300]);
    const again = await run(db(), { guestsPath: guests });
    expect(again.added).toEqual([]);
    expect(again.summary.guests).toMatchObject({ added: 0, alreadyStored: 1, openingBalance: 0 });
    // The ledger holds one opening entry of 300 and no welcome bonus, however often the file comes.
    const entries = await db().query<{ kind: string; points: number }>(
      "SELECT e.kind, e.points FROM loyalty_entries e JOIN guests g ON g.id = e.guest_id WHERE g.phone = '+79127000001'",
    );
    expect(entries).toEqual([{ kind: 'opening', points: 300 }]);
    expect(await db().query("SELECT b.balance FROM loyalty_balances b JOIN guests g ON g.id = b.guest_id WHERE g.phone = '+79127000001'")).toEqual([
      { balance: 300 },
    ]);
  });
});
