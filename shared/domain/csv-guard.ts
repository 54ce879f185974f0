/**
 * Text from outside (a guest's name, a tablet's name) written into a CSV the owner opens in
 * Excel or LibreOffice: a cell that would start a formula (=, +, -, @, or their full-width
 * forms ＝ ＋ － ＠), even after leading spaces, no-break spaces or other blanks the
 * spreadsheet skips, is prefixed with a quote so it stays text.
 */
const BLANKS = /^[\s\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000\ufeff]*/u;
const STARTS_FORMULA = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/u;

export function defuseFormula(text: string): string {
  return STARTS_FORMULA.test(text) || STARTS_FORMULA.test(text.replace(BLANKS, '')) ? `'${text}` : text;
}
