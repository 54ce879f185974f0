import ExcelJS from 'exceljs';
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ImportInputError } from './import-error.ts';
import { openTableSource, type SourceRow } from './table-source.ts';
import { DEFAULT_XLSX_LIMITS } from './xlsx-zip.ts';
import { encryptWorkbook, wall, writeLargeWorkbook, writeWorkbook, xlsxPath } from './xlsx-test-files.ts';

async function readAll(path: string, limits = DEFAULT_XLSX_LIMITS): Promise<{ sheet?: string; rows: SourceRow[] }> {
  const source = await openTableSource(path, { xlsx: limits });
  try {
    const rows: SourceRow[] = [];
    for await (const row of source.rows()) rows.push(row);
    return { ...(source.sheet === undefined ? {} : { sheet: source.sheet }), rows };
  } finally {
    await source.close();
  }
}

async function refusal(path: string, limits = DEFAULT_XLSX_LIMITS): Promise<ImportInputError> {
  const e = await readAll(path, limits).then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(ImportInputError);
  return e as ImportInputError;
}

describe('reading an .xlsx sheet', () => {
  it('reads text, numbers and date cells, a date cell as wall-clock ISO text', async () => {
    const path = await writeWorkbook((wb) => {
      const ws = wb.addWorksheet('Покупки');
      ws.addRow(['Телефон', 'Дата', 'Сумма']);
      ws.addRow(['+79120000001', wall('2026-11-22 09:30'), 350.5]);
      ws.addRow([79120000002, wall('2026-11-22 00:00'), 1200]);
      ws.getCell('B2').numFmt = 'dd.mm.yyyy hh:mm';
      // B3 keeps ExcelJS's default date format (built-in id 14).
    });
    expect(await readAll(path)).toEqual({
      sheet: 'Покупки',
      rows: [
        { line: 1, cells: ['Телефон', 'Дата', 'Сумма'] },
        { line: 2, cells: ['+79120000001', '2026-11-22T09:30:00', 350.5] },
        { line: 3, cells: [79120000002, '2026-11-22', 1200] },
      ],
    });
  });

  it('skips an empty first row and keeps the sheet’s row numbers', async () => {
    const path = await writeWorkbook((wb) => {
      const ws = wb.addWorksheet('Гости');
      ws.getRow(2).values = ['Телефон', 'Имя', 'Дата регистрации'];
      ws.getRow(3).values = ['89120000001', 'Анна', wall('2026-01-10 09:00')];
      ws.getRow(5).values = ['89120000002', '', wall('2026-01-11 10:15:30')];
    });
    expect((await readAll(path)).rows).toEqual([
      { line: 2, cells: ['Телефон', 'Имя', 'Дата регистрации'] },
      { line: 3, cells: ['89120000001', 'Анна', '2026-01-10T09:00:00'] },
      { line: 5, cells: ['89120000002', '', '2026-01-11T10:15:30'] },
    ]);
  });

  it('shows a header cell merged over two rows in both, and leaves horizontal merges to their first cell', async () => {
    const path = await writeWorkbook((wb) => {
      const ws = wb.addWorksheet('Покупки');
      ws.getRow(1).values = ['Выгрузка покупок за ноябрь'];
      ws.mergeCells('A1:C1');
      ws.getRow(2).values = ['Телефон', 'Покупка'];
      ws.getRow(3).values = [null, 'Дата', 'Сумма'];
      ws.mergeCells('A2:A3');
      ws.mergeCells('B2:C2');
      ws.getRow(4).values = ['+79120000001', '22.11.2026 9:30', 350];
    });
    expect((await readAll(path)).rows).toEqual([
      { line: 1, cells: ['Выгрузка покупок за ноябрь'] },
      { line: 2, cells: ['Телефон', 'Покупка'] },
      { line: 3, cells: ['Телефон', 'Дата', 'Сумма'] },
      { line: 4, cells: ['+79120000001', '22.11.2026 9:30', 350] },
    ]);
  });

  it('reads a formula cell as the value stored with it, never evaluating it', async () => {
    const path = await writeWorkbook((wb) => {
      const ws = wb.addWorksheet('s');
      ws.addRow(['+79120000001', 100, { formula: 'B1*2', result: 5 }, { formula: 'TODAY()', result: wall('2026-11-20 00:00') }, { formula: 'B1' }]);
      ws.getCell('D1').numFmt = 'dd.mm.yyyy';
    });
    // 5, not 200: the cached value is what Excel showed; a formula with none reads as empty.
    expect((await readAll(path)).rows).toEqual([{ line: 1, cells: ['+79120000001', 100, 5, '2026-11-20'] }]);
  });

  it('reads shared and inline rich text, booleans, error values and the 1904 date system', async () => {
    const shared = await writeWorkbook((wb) => {
      wb.properties.date1904 = true;
      const ws = wb.addWorksheet('s');
      ws.addRow([{ richText: [{ text: 'Ан' }, { text: 'на', font: { bold: true } }] }, true, false, { error: '#N/A' }, wall('2026-11-22 12:00'), 'x & <y>']);
    });
    expect((await readAll(shared)).rows).toEqual([{ line: 1, cells: ['Анна', 'TRUE', 'FALSE', '#N/A', '2026-11-22T12:00:00', 'x & <y>'] }]);
    const inline = await writeLargeWorkbook(['Имя'], 1, () => [{ richText: [{ text: 'Пё' }, { text: 'тр', font: { italic: true } }] }]);
    expect((await readAll(inline)).rows).toEqual([
      { line: 1, cells: ['Имя'] },
      { line: 2, cells: ['Пётр'] },
    ]);
  });

  it('flags a cell longer than Excel allows (32,767 characters) as an unreadable row', async () => {
    const path = await writeLargeWorkbook(['Имя'], 2, (i) => [i === 0 ? 'Я'.repeat(40_000) : 'Анна']);
    expect((await readAll(path)).rows).toEqual([
      { line: 1, cells: ['Имя'] },
      { line: 2, error: 'unreadable cell: longer than 32767 characters', code: 'row-unreadable' },
      { line: 3, cells: ['Анна'] },
    ]);
  });

  it('reads the first visible sheet', async () => {
    const path = await writeWorkbook((wb) => {
      wb.addWorksheet('Служебный', { state: 'hidden' }).addRow(['nothing here']);
      wb.addWorksheet('Гости').addRow(['Телефон']);
      wb.addWorksheet('Прочее').addRow(['other']);
    });
    expect(await readAll(path)).toEqual({ sheet: 'Гости', rows: [{ line: 1, cells: ['Телефон'] }] });
  });

  it('streams a large sheet: its first rows arrive long before the sheet is read', async () => {
    const rows = 40_000;
    const path = await writeLargeWorkbook(['Телефон', 'Дата', 'Сумма'], rows, (i) => [`+7912${String(i).padStart(7, '0')}`, wall('2026-11-22 09:30'), 100 + i]);
    const source = await openTableSource(path);
    let count = 0;
    let readWhenFirst = -1;
    let last: SourceRow | undefined;
    for await (const row of source.rows()) {
      if (count++ === 1) readWhenFirst = source.bytesRead();
      last = row;
    }
    await source.close();
    expect(count).toBe(rows + 1);
    expect(last).toEqual({ line: rows + 1, cells: [`+7912${String(rows - 1).padStart(7, '0')}`, '2026-11-22T09:30:00', 100 + rows - 1] });
    expect(source.totalBytes).toBeGreaterThan(4_000_000);
    expect(readWhenFirst).toBeGreaterThan(0);
    expect(readWhenFirst).toBeLessThan(source.totalBytes / 20);
    expect(source.bytesRead()).toBe(source.totalBytes);
  });
});

describe('refusing a workbook it cannot read', () => {
  const simple = () =>
    writeWorkbook((wb) => {
      const ws = wb.addWorksheet('Гости');
      ws.addRow(['Телефон', 'Имя', 'Дата регистрации']);
      for (let i = 0; i < 200; i++) ws.addRow([`+7912${String(i).padStart(7, '0')}`, `Гость ${i}`, wall('2026-01-10 09:00')]);
    });

  it('says a workbook saved with a password is protected', async () => {
    const e = await refusal(await encryptWorkbook(await simple(), 'секрет'));
    expect(e.code).toBe('xlsx-encrypted');
    expect(e.message).toMatch(/protected with a password/);
  });

  it('says a truncated workbook is damaged', async () => {
    const bytes = readFileSync(await simple());
    const path = xlsxPath();
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const e = await refusal(path);
    expect(e.code).toBe('xlsx-corrupt');
    expect(e.message).toMatch(/damaged or not an Excel file/);
  });

  it('says a workbook with a damaged sheet is damaged, before handing on any row', async () => {
    const path = await simple();
    const bytes = readFileSync(path);
    // Flip bytes in the middle of the sheet's compressed data (ExcelJS writes the sheet before the shared strings).
    const at = bytes.indexOf('xl/worksheets/sheet1.xml') + 200;
    for (let i = 0; i < 8; i++) bytes[at + i] = bytes[at + i]! ^ 0x5a;
    writeFileSync(path, bytes);
    const e = await refusal(path);
    expect(e.code).toBe('xlsx-corrupt');
  });

  it('says a zip that holds no workbook is not one', async () => {
    // An .xlsx with its workbook part renamed away is a zip of something else.
    const bytes = readFileSync(await simple());
    for (let at = bytes.indexOf('xl/workbook.xml'); at >= 0; at = bytes.indexOf('xl/workbook.xml', at + 1)) bytes.write('xl/workbooq', at, 'latin1');
    const path = xlsxPath();
    writeFileSync(path, bytes);
    const e = await refusal(path);
    expect(e.code).toBe('not-a-table');
    expect(e.message).toMatch(/zip file, not an .xlsx workbook/);
  });

  it('refuses a sheet over the size limit or packed suspiciously tight, before inflating it', async () => {
    const path = await writeLargeWorkbook(['Телефон', 'Дата', 'Сумма'], 20_000, () => ['+79120000001', wall('2026-11-22 09:30'), 100]);
    expect((await refusal(path, { ...DEFAULT_XLSX_LIMITS, maxSheetBytes: 1_000_000 })).code).toBe('xlsx-too-large');
    // 20,000 identical rows pack well, but not 400×; a limit of 5× makes this one a "bomb".
    expect((await refusal(path, { ...DEFAULT_XLSX_LIMITS, maxRatio: 5 })).code).toBe('xlsx-too-large');
    expect((await readAll(path)).rows).toHaveLength(20_001);
  });

  it('says an old .xls or another Office file is not an .xlsx', async () => {
    // ExcelJS writes no .xls; an encrypted package is the compound file it can make, and the
    // same container without the encryption streams is what an .xls or .doc looks like.
    const bytes = readFileSync(await encryptWorkbook(await simple(), 'x'));
    for (const name of ['EncryptedPackage', 'EncryptionInfo']) {
      const utf16 = Buffer.from(name, 'utf16le');
      for (let at = bytes.indexOf(utf16); at >= 0; at = bytes.indexOf(utf16, at + 1)) Buffer.from(name.replace(/./g, 'Q'), 'utf16le').copy(bytes, at);
    }
    const path = xlsxPath();
    writeFileSync(path, bytes);
    const e = await refusal(path);
    expect(e.code).toBe('xlsx-legacy-xls');
    expect(e.message).toMatch(/save it as \.xlsx/);
  });

  it('reads ExcelJS’s own round trip of a sheet unchanged (the fixture writer agrees with the reader)', async () => {
    const path = await simple();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const { rows } = await readAll(path);
    expect(rows).toHaveLength(wb.getWorksheet('Гости')!.actualRowCount);
  });
});
