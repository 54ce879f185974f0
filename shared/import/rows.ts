/**
 * Rows of an imported guest base (DESIGN.md: guests `phone,name,registered_at` and
 * optionally `birthday`, `email`, `consent`, `balance`; purchases `phone,purchased_at,amount`),
 * read through a column mapping (columns.ts), so the headers may be Russian or English and
 * in any order. A row either parses or yields one issue naming its column; the importer
 * reports it with the line number and carries on.
 */
import type { LocalDate } from '../domain/calendar.ts';
import { MAX_NAME_LENGTH, parseName } from '../domain/guest-profile.ts';
import type { Kopecks } from '../domain/money.ts';
import { parseRuMobile, type E164Phone } from '../domain/phone.ts';
import type { GuestField, PurchaseField } from './columns.ts';
import { parseImportInstant } from './dates.ts';
import { parseImportAmount, parseOpeningBalance } from './numbers.ts';
import { parseBirthday, parseConsent, parseEmail } from './profile.ts';
import { cellText, issue, parsed, type Cell, type Parsed } from './row-issue.ts';
import type { ZoneClock } from './wall-clock.ts';

export interface ImportedGuest {
  phone: E164Phone;
  name: string | null;
  registeredAt: Date;
  birthday: LocalDate | null;
  email: string | null;
  /** Marketing consent as the file states it; its source is this import. */
  consent: { granted: boolean; source: 'import' };
  /** Opening bonus points (0 when the file has none). */
  openingBalance: number;
}

export interface ImportedPurchase {
  phone: E164Phone;
  purchasedAt: Date;
  amount: Kopecks;
}

export interface RowContext {
  now: Date;
  /** The café's zone, for times written without an offset. */
  clock: ZoneClock;
  /** The café's local date of `now`, for birthdays. */
  today: LocalDate;
}

/** Each field's column index in a row; -1 when the file has no such column. */
export type FieldIndex<F extends string> = Record<F, number>;

const at = (cells: readonly Cell[], i: number): Cell => (i < 0 ? '' : (cells[i] ?? ''));

function phoneOf(cell: Cell): Parsed<E164Phone> {
  const phone = parseRuMobile(cellText(cell));
  return phone.ok ? phone : issue('phone-invalid', 'phone', `phone: ${phone.error}`);
}

const CONSENT_NOT_GIVEN = { granted: false, source: 'import' } as const;
const CONSENT_GIVEN = { granted: true, source: 'import' } as const;

export function parseGuestRow(cells: readonly Cell[], columns: FieldIndex<GuestField>, ctx: RowContext): Parsed<ImportedGuest> {
  const phone = phoneOf(at(cells, columns.phone));
  if (!phone.ok) return phone;
  const name = parseName(cellText(at(cells, columns.name)));
  if (!name.ok) return issue('name-too-long', 'name', `name is longer than ${MAX_NAME_LENGTH} characters`);
  const registeredAt = parseImportInstant(at(cells, columns.registered_at), 'registered_at', ctx);
  if (!registeredAt.ok) return registeredAt;
  const birthday = columns.birthday < 0 ? parsed(null) : parseBirthday(at(cells, columns.birthday), ctx.today);
  if (!birthday.ok) return birthday;
  const email = columns.email < 0 ? parsed(null) : parseEmail(at(cells, columns.email));
  if (!email.ok) return email;
  const consent = columns.consent < 0 ? parsed(false) : parseConsent(at(cells, columns.consent));
  if (!consent.ok) return consent;
  const balance = columns.balance < 0 ? parsed(0) : parseOpeningBalance(at(cells, columns.balance));
  if (!balance.ok) return balance;
  return parsed({
    phone: phone.value,
    name: name.value,
    registeredAt: registeredAt.value,
    birthday: birthday.value,
    email: email.value,
    consent: consent.value ? CONSENT_GIVEN : CONSENT_NOT_GIVEN,
    openingBalance: balance.value,
  });
}

export function parsePurchaseRow(cells: readonly Cell[], columns: FieldIndex<PurchaseField>, ctx: RowContext): Parsed<ImportedPurchase> {
  const phone = phoneOf(at(cells, columns.phone));
  if (!phone.ok) return phone;
  const purchasedAt = parseImportInstant(at(cells, columns.purchased_at), 'purchased_at', ctx);
  if (!purchasedAt.ok) return purchasedAt;
  const amount = parseImportAmount(at(cells, columns.amount));
  if (!amount.ok) return amount;
  return parsed({ phone: phone.value, purchasedAt: purchasedAt.value, amount: amount.value });
}
