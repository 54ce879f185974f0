/**
 * Numbers in import rows, as Russian spreadsheets and POS exports write them: a purchase
 * amount in rubles (`350`, `350.50`, `350,5`, `1 200,50` with a space, no-break space or
 * narrow no-break space between thousands, `1 200 ₽`, `350 р.`, `350 руб.`) becomes exact
 * kopecks without passing through a float; a spreadsheet's numeric cell is rounded to the
 * kopeck (its binary fraction `350.49999999999994` means 350.50). An opening balance is a
 * whole number of bonus points, 0 when the cell is empty.
 */
import { kopecks, MAX_PURCHASE_RUBLES, type Kopecks } from '../domain/money.ts';
import { issue, parsed, type Cell, type Parsed } from './row-issue.ts';

/** Far above any real balance; a bigger number is a phone or an amount in the wrong column. */
export const MAX_OPENING_BALANCE = 10_000_000;

const PLAIN_RUBLES = /^(\d{1,7})(?:[.,](\d{1,2}))?$/;
const SPACES = /[\s\u00a0\u202f\u2009]/g;
const CURRENCY = /(?:₽|руб\.?|р\.?|rub\.?|rur\.?)$/i;
const POINTS = /(?:баллов|балла|балл|б\.?|pts\.?|points?)$/i;
/** Kopecks a float may be off by and still be read as a whole kopeck. */
const FLOAT_SLACK = 1e-6;

export function parseImportAmount(cell: Cell): Parsed<Kopecks> {
  if (typeof cell === 'number') return amountFromNumber(cell);
  // Fast path: what the CLI's own CSVs and most exports hold.
  const plain = PLAIN_RUBLES.exec(cell);
  if (plain) return checkedAmount(Number(plain[1]), plain[2], cell);
  const t = cell.trim();
  if (t === '') return issue('amount-empty', 'amount', 'amount is empty');
  const compact = t.replace(SPACES, '').replace(CURRENCY, '').replace(/^₽/, '');
  if (/^[-−]/.test(compact)) return issue('amount-negative', 'amount', `amount "${t}" is negative`);
  const m = PLAIN_RUBLES.exec(compact) ?? /^(\d+)(?:[.,](\d{1,2}))?$/.exec(compact);
  if (!m) return issue('amount-invalid', 'amount', `amount "${t}" is not a number of rubles (e.g. 350.50)`);
  return checkedAmount(Number(m[1]), m[2], t);
}

function checkedAmount(rubles: number, fraction: string | undefined, text: string): Parsed<Kopecks> {
  if (rubles > MAX_PURCHASE_RUBLES) return issue('amount-too-large', 'amount', `amount "${text.trim()}" is over ${MAX_PURCHASE_RUBLES} rubles`);
  const value = rubles * 100 + (fraction === undefined ? 0 : fraction.length === 1 ? Number(fraction) * 10 : Number(fraction));
  if (value === 0) return issue('amount-zero', 'amount', 'amount is zero');
  return parsed(kopecks(value));
}

function amountFromNumber(n: number): Parsed<Kopecks> {
  if (!Number.isFinite(n)) return issue('amount-invalid', 'amount', `amount "${n}" is not a number of rubles (e.g. 350.50)`);
  if (n < 0) return issue('amount-negative', 'amount', `amount "${n}" is negative`);
  if (Math.floor(n) > MAX_PURCHASE_RUBLES) return issue('amount-too-large', 'amount', `amount "${n}" is over ${MAX_PURCHASE_RUBLES} rubles`);
  const value = Math.round(n * 100);
  if (Math.abs(n * 100 - value) > FLOAT_SLACK) return issue('amount-invalid', 'amount', `amount "${n}" has fractions of a kopeck`);
  if (value === 0) return issue('amount-zero', 'amount', 'amount is zero');
  return parsed(kopecks(value));
}

export function parseOpeningBalance(cell: Cell): Parsed<number> {
  if (typeof cell === 'number') {
    if (!Number.isFinite(cell) || Math.abs(cell - Math.round(cell)) > FLOAT_SLACK) {
      return issue('balance-invalid', 'balance', `balance "${cell}" is not a whole number of points`);
    }
    return checkedBalance(Math.round(cell), String(cell));
  }
  const t = cell.trim();
  if (t === '') return parsed(0);
  const compact = t.replace(SPACES, '').replace(POINTS, '');
  if (/^[-−]/.test(compact)) return issue('balance-negative', 'balance', `balance "${t}" is negative`);
  const m = /^(\d+)(?:[.,]0*)?$/.exec(compact);
  if (!m) return issue('balance-invalid', 'balance', `balance "${t}" is not a whole number of points`);
  return checkedBalance(Number(m[1]), t);
}

function checkedBalance(points: number, text: string): Parsed<number> {
  if (points < 0) return issue('balance-negative', 'balance', `balance "${text}" is negative`);
  if (points > MAX_OPENING_BALANCE) return issue('balance-too-large', 'balance', `balance "${text}" is over ${MAX_OPENING_BALANCE} points`);
  return parsed(points);
}
