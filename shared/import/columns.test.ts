import { describe, expect, it } from 'vitest';
import { checkMapping, columnName, fieldColumns, findHeaderRow, normalizeHeader, recognizeColumns, recognizeHeader, GUEST_FIELDS } from './columns.ts';

const fieldOf = (header: string, kind: 'guests' | 'purchases' = 'guests') => recognizeHeader(header, kind)?.field ?? null;

describe('recognising columns by their header', () => {
  it.each([
    ['Телефон', 'phone'],
    ['phone', 'phone'],
    ['PHONE', 'phone'],
    [' Телефон: ', 'phone'],
    ['Телефон*', 'phone'],
    ['Номер телефона', 'phone'],
    ['Мобильный телефон', 'phone'],
    ['Тел.', 'phone'],
    ['Имя', 'name'],
    ['ФИО', 'name'],
    ['Name', 'name'],
    ['Дата регистрации', 'registered_at'],
    ['ДАТА  РЕГИСТРАЦИИ', 'registered_at'],
    ['registered_at', 'registered_at'],
    ['Registered at', 'registered_at'],
    ['День рождения', 'birthday'],
    ['Дата рождения', 'birthday'],
    ['Д.Р.', 'birthday'],
    ['birthday', 'birthday'],
    ['Email', 'email'],
    ['E-mail', 'email'],
    ['e_mail', 'email'],
    ['Эл. почта', 'email'],
    ['Согласие', 'consent'],
    ['Согласие на рассылку', 'consent'],
    ['consent', 'consent'],
    ['Баллы', 'balance'],
    ['Бонусы', 'balance'],
    ['balance', 'balance'],
  ])('guests: %j → %s', (header, field) => {
    expect(fieldOf(header)).toBe(field);
  });

  it.each([
    ['Дата', 'purchased_at'],
    ['дата покупки', 'purchased_at'],
    ['Дата и время', 'purchased_at'],
    ['Дата/время', 'purchased_at'],
    ['purchased_at', 'purchased_at'],
    ['Сумма', 'amount'],
    ['Сумма, руб.', 'amount'],
    ['Сумма (₽)', 'amount'],
    ['Сумма в рублях', 'amount'],
    ['Сумма чека', 'amount'],
    ['amount', 'amount'],
    ['Телефон', 'phone'],
  ])('purchases: %j → %s', (header, field) => {
    expect(fieldOf(header, 'purchases')).toBe(field);
  });

  it('reads "ё" as "е" and folds case and spacing', () => {
    expect(normalizeHeader('  Ёмкость  ЧЕКА ')).toBe('емкость чека');
    expect(normalizeHeader('Сумма, руб.*')).toBe('сумма руб');
  });

  it.each([
    ['tel', 'guests'],
    ['Согласие на обработку персональных данных', 'guests'],
    ['Дата', 'guests'], // a guests file's bare "Дата" could be anything: the owner maps it
    ['Имя', 'purchases'],
    ['Номер карты', 'guests'],
    ['', 'guests'],
  ] as const)('does not claim %j in a %s file', (header, kind) => {
    expect(fieldOf(header, kind)).toBeNull();
  });

  it('maps each column, extra columns in any order, and ignores what it does not know', () => {
    expect(recognizeColumns(['Баллы', 'Телефон', 'Комментарий', 'Имя', 'Согласие', 'Дата регистрации', 'Email', 'День рождения'], 'guests')).toEqual([
      'balance',
      'phone',
      null,
      'name',
      'consent',
      'registered_at',
      'email',
      'birthday',
    ]);
  });

  it('gives a field to the column naming it outright over a looser one', () => {
    expect(recognizeColumns(['Итого', 'Телефон', 'Дата', 'Сумма'], 'purchases')).toEqual([null, 'phone', 'purchased_at', 'amount']);
    expect(recognizeColumns(['Мобильный', 'Телефон', 'Дата', 'Сумма'], 'purchases')).toEqual([null, 'phone', 'purchased_at', 'amount']);
  });

  it('keeps two equally good columns for one field, so the mapping is refused rather than guessed', () => {
    const mapping = recognizeColumns(['Телефон', 'phone', 'Дата', 'Сумма'], 'purchases');
    expect(mapping).toEqual(['phone', 'phone', 'purchased_at', 'amount']);
    expect(checkMapping(mapping, 'purchases', 4).map((p) => p.code)).toEqual(['field-mapped-twice']);
  });
});

describe('checking a mapping', () => {
  it('accepts every required field once, with optional ones or none', () => {
    expect(checkMapping(['phone', 'name', 'registered_at'], 'guests', 3)).toEqual([]);
    expect(checkMapping([null, 'registered_at', 'name', 'phone', 'balance', null], 'guests', 6)).toEqual([]);
    expect(checkMapping(['amount', 'purchased_at', 'phone'], 'purchases', 3)).toEqual([]);
  });

  it('says when no column holds the phone', () => {
    expect(checkMapping([null, 'name', 'registered_at'], 'guests', 3)).toEqual([
      { code: 'phone-missing', field: 'phone', message: 'missing column "phone": no column holds the phone number' },
    ]);
  });

  it('names each required field with no column', () => {
    expect(checkMapping(['phone', null, null], 'guests', 3)).toEqual([
      { code: 'field-missing', field: 'name', message: 'missing column "name"' },
      { code: 'field-missing', field: 'registered_at', message: 'missing column "registered_at"' },
    ]);
    expect(checkMapping(['phone', 'amount'], 'purchases', 2).map((p) => [p.code, p.field])).toEqual([['field-missing', 'purchased_at']]);
  });

  it('names the columns two of which feed one field', () => {
    expect(checkMapping(['phone', 'name', 'registered_at', 'name'], 'guests', 4)).toEqual([
      { code: 'field-mapped-twice', field: 'name', columns: [1, 3], message: 'columns B, D are all mapped to "name"; keep one' },
    ]);
  });

  it('refuses a field of the other file, and a mapping for another number of columns', () => {
    expect(checkMapping(['phone', 'purchased_at', 'amount', 'balance'], 'purchases', 4).map((p) => p.code)).toEqual(['field-unknown']);
    expect(checkMapping(['phone', 'purchased_at', 'amount'], 'purchases', 5).map((p) => p.code)).toEqual(['mapping-width']);
  });

  it('gives each field its column index, -1 for none', () => {
    expect(fieldColumns([null, 'phone', 'registered_at', 'name', 'email'], GUEST_FIELDS)).toEqual({
      phone: 1,
      name: 3,
      registered_at: 2,
      birthday: -1,
      email: 4,
      consent: -1,
      balance: -1,
    });
  });

  it('names columns as a spreadsheet does', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
});

describe('finding the header row', () => {
  it('is the first row when it names the columns', () => {
    expect(
      findHeaderRow(
        [
          ['phone', 'name', 'registered_at'],
          ['+79120000001', 'Анна', '2026-01-01'],
        ],
        'guests',
      ),
    ).toBe(0);
  });

  it('skips blank and title rows above it', () => {
    const rows = [
      [],
      ['Клиенты кофейни «Зерно»'],
      ['выгрузка от 22.11.2026'],
      [''],
      ['Телефон', 'Имя', 'Дата регистрации'],
      ['+79120000001', 'Анна', '01.01.2026'],
    ];
    expect(findHeaderRow(rows, 'guests')).toBe(4);
  });

  it('takes the row naming the most fields when a header has two rows', () => {
    const rows = [
      ['Телефон', 'Покупка', ''],
      ['Телефон', 'Дата', 'Сумма'],
    ];
    expect(findHeaderRow(rows, 'purchases')).toBe(1);
  });

  it('finds none in a file of data alone, or with no phone column', () => {
    expect(findHeaderRow([['+79120000001', 'Анна', '2026-01-01']], 'guests')).toBe(-1);
    expect(findHeaderRow([['tel', 'name', 'registered_at']], 'guests')).toBe(-1);
    expect(findHeaderRow([], 'guests')).toBe(-1);
  });
});
