import { describe, expect, it } from 'vitest';
import { isDateFormat } from './xlsx-date-formats.ts';

describe('date number formats', () => {
  it('knows the built-in date and time formats by id', () => {
    for (const id of [14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]) expect(isDateFormat(id, undefined)).toBe(true);
    for (const id of [0, 1, 2, 3, 4, 9, 10, 11, 37, 49]) expect(isDateFormat(id, undefined)).toBe(false);
  });

  it.each(['dd.mm.yyyy', 'dd.mm.yyyy hh:mm', 'DD.MM.YY', 'yyyy-mm-dd"T"hh:mm:ss', 'h:mm AM/PM', '[$-419]d mmmm yyyy', '[Red]dd/mm/yy', 'mmm-yy'])(
    'a custom %j is a date',
    (code) => expect(isDateFormat(164, code)).toBe(true),
  );

  it.each(['General', '0.00', '#,##0.00 "руб."', '#,##0.00\\ [$₽-419]', '0%', '0.00E+00', '[h]:mm:ss', '@', '"day"0'])('a custom %j is not', (code) =>
    expect(isDateFormat(164, code)).toBe(false),
  );
});
