import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportInputError } from './import-error.ts';
import { openImportTable, previewImportTable, type ImportTable } from './import-table.ts';
import type { SourceRow } from './table-source.ts';
import { wall, writeWorkbook } from './xlsx-test-files.ts';

const dir = mkdtempSync(join(tmpdir(), 'import-table-'));
let n = 0;
function csv(content: string): string {
  const path = join(dir, `t${n++}.csv`);
  writeFileSync(path, content);
  return path;
}
async function rowsOf(table: ImportTable<'guests' | 'purchases'>): Promise<SourceRow[]> {
  const rows: SourceRow[] = [];
  for await (const row of table.rows()) rows.push(row);
  await table.close();
  return rows;
}
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => (e instanceof ImportInputError ? e : null),
  );

describe('an import file as a table', () => {
  it('finds the header below title and blank lines, and hands on only the rows after it', async () => {
    const table = await openImportTable({ path: csv('Выгрузка клиентов;;\n;;\nТелефон;Имя;Дата регистрации\n+79120000001;Анна;01.01.2026\n') }, 'guests');
    expect([table.header, table.headerLine, table.mapping]).toEqual([['Телефон', 'Имя', 'Дата регистрации'], 3, ['phone', 'name', 'registered_at']]);
    expect(table.columns).toEqual({ phone: 0, name: 1, registered_at: 2, birthday: -1, email: -1, consent: -1, balance: -1 });
    expect(await rowsOf(table)).toEqual([{ line: 4, cells: ['+79120000001', 'Анна', '01.01.2026'] }]);
  });

  it('calls a CSV row that stops before a required column short, but not one missing only optional cells', async () => {
    const table = await openImportTable({ path: csv('phone,name,registered_at,balance\n+79120000001,Анна\n+79120000002,Пётр,2026-01-01\n') }, 'guests');
    expect(await rowsOf(table)).toEqual([
      { line: 2, error: 'has 2 fields, expected at least 3', code: 'row-short' },
      { line: 3, cells: ['+79120000002', 'Пётр', '2026-01-01'] },
    ]);
  });

  it('stops at a CSV row over 1 MiB (a quote left open) rather than lose the rows after it', async () => {
    const path = csv(`phone,name,registered_at\n+79120000001,"${'x'.repeat(1_100_000)},2026-01-01\n+79120000002,B,2026-01-01\n`);
    // Near the top it is found while looking for the header, before anything is written.
    expect(await refusal(openImportTable({ path }, 'guests'))).toMatchObject({
      code: 'not-a-table',
      message: expect.stringMatching(/:2: a row longer than 1 MiB/),
    });
    const later = csv(`phone,name,registered_at\n${'+79120000001,A,2026-01-01\n'.repeat(30)}+79120000002,"${'x'.repeat(1_100_000)}\n`);
    const table = await openImportTable({ path: later }, 'guests');
    await expect(rowsOf(table)).rejects.toMatchObject({ code: 'not-a-table', message: expect.stringMatching(/:32: a row longer than 1 MiB/) });
  });

  it('uses the owner’s mapping instead of the headers’ suggestion', async () => {
    const table = await openImportTable({ path: csv('a;b;c;d\n1;2;3;4\n'), mapping: [null, 'amount', 'phone', 'purchased_at'] }, 'purchases');
    expect(table.columns).toEqual({ phone: 2, purchased_at: 3, amount: 1 });
    await table.close();
  });

  it('refuses a file over the size limit, an empty one, and one with no header, with codes', async () => {
    // 25 + 100 × 33 bytes (Анна is 8 bytes in UTF-8) = 3,325 bytes: 4 KiB rounded up.
    const big = csv(`phone,name,registered_at\n${'+79120000001,Анна,2026-01-01\n'.repeat(100)}`);
    expect(await refusal(openImportTable({ path: big, name: 'Гости.csv' }, 'guests', { maxBytes: 1000 }))).toMatchObject({
      code: 'file-too-large',
      message: 'Гости.csv: the file is 4 KiB, over the limit of 1 KiB',
    });
    expect(await refusal(openImportTable({ path: csv('\ufeff\n\n') }, 'guests'))).toMatchObject({ code: 'file-empty' });
    const noHeader = await refusal(openImportTable({ path: csv('+79120000001,Анна,2026-01-01\n') }, 'guests'));
    expect(noHeader).toMatchObject({ code: 'no-header' });
    expect(noHeader?.problems.map((p) => p.code)).toEqual(['phone-missing', 'field-missing', 'field-missing']);
  });
});

describe('previewing an import file for the owner', () => {
  it('shows the header, the suggested mapping and the first rows of a workbook', async () => {
    const path = await writeWorkbook((wb) => {
      const ws = wb.addWorksheet('Клиенты');
      ws.getRow(1).values = ['Клиенты кофейни'];
      ws.getRow(3).values = ['Телефон', 'Имя', 'Дата регистрации', 'Заметки', 'Баллы'];
      for (let i = 0; i < 8; i++) ws.getRow(4 + i).values = [`+7912000000${i}`, `Гость ${i}`, wall('2026-01-10 09:00'), '', i * 10];
    });
    expect(await previewImportTable({ path }, 'guests', 2)).toEqual({
      format: 'xlsx',
      sheet: 'Клиенты',
      header: ['Телефон', 'Имя', 'Дата регистрации', 'Заметки', 'Баллы'],
      headerLine: 3,
      mapping: ['phone', 'name', 'registered_at', null, 'balance'],
      sample: [
        { line: 4, cells: ['+79120000000', 'Гость 0', '2026-01-10T09:00:00', '', 0] },
        { line: 5, cells: ['+79120000001', 'Гость 1', '2026-01-10T09:00:00', '', 10] },
      ],
    });
  });

  it('previews a mapping the owner must still complete, and refuses a file with no phone column', async () => {
    const partial = await previewImportTable({ path: csv('Телефон;Когда;Итого;Итого\n+79120000001;01.11.2026;100;100\n') }, 'purchases');
    expect(partial.mapping).toEqual(['phone', null, 'amount', 'amount']);
    expect(await refusal(previewImportTable({ path: csv('Имя;Дата\nАнна;01.11.2026\n') }, 'purchases'))).toMatchObject({ code: 'no-header' });
  });
});
