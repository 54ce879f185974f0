/**
 * Which cells of a workbook hold dates. A sheet stores a date as a plain number (days since
 * 1900) and only its number format says it is one: a built-in format id, or a custom code
 * with day, month, year, hour or second tokens outside quoted text, escapes and bracketed
 * colours or locales. Elapsed-time formats (`[h]:mm`) are durations, not dates.
 */

/** Built-in date and time formats (ECMA-376 §18.8.30, with the East Asian ones). */
const BUILT_IN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

export function isDateFormat(id: number, code: string | undefined): boolean {
  if (code === undefined) return BUILT_IN_DATES.has(id);
  if (/\[(h+|m+|s+)\]/i.test(code)) return false;
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/_.|\*./g, '');
  // One section is enough: a date format has no sections that are not dates.
  return /[dmyhs]/i.test(bare.split(';')[0]!) && !/^general$/i.test(bare.trim());
}
