/**
 * Rows of an imported guest base (DESIGN.md: guests.csv `phone,name,registered_at`,
 * purchases.csv `phone,purchased_at,amount`). A row either parses or yields one reason
 * naming its column; the importer reports it with the line number and carries on.
 */
import { MAX_NAME_LENGTH } from '../domain/guest-profile.ts';
import { parseIsoInstant } from '../domain/instant.ts';
import { parsePurchaseAmount, type Kopecks } from '../domain/money.ts';
import { parseRuMobile, type E164Phone } from '../domain/phone.ts';
import { err, ok, type Result } from '../domain/result.ts';

export const GUEST_COLUMNS = ['phone', 'name', 'registered_at'] as const;
export const PURCHASE_COLUMNS = ['phone', 'purchased_at', 'amount'] as const;

/** Clocks drift: a timestamp a few minutes ahead of ours is still believed. */
export const FUTURE_TOLERANCE_MS = 10 * 60_000;

export interface ImportedGuest {
  phone: E164Phone;
  name: string | null;
  registeredAt: Date;
}

export interface ImportedPurchase {
  phone: E164Phone;
  purchasedAt: Date;
  amount: Kopecks;
}

type Row<C extends readonly string[]> = Record<C[number], string>;

function notFuture(field: string, at: Result<Date>, now: Date): Result<Date> {
  if (at.ok && at.value.getTime() > now.getTime() + FUTURE_TOLERANCE_MS) return err(`${field} ${at.value.toISOString()} is in the future`);
  return at;
}

function phoneOf(text: string): Result<E164Phone> {
  const phone = parseRuMobile(text);
  return phone.ok ? phone : err(`phone: ${phone.error}`);
}

export function parseGuestRow(row: Row<typeof GUEST_COLUMNS>, now: Date): Result<ImportedGuest> {
  const phone = phoneOf(row.phone);
  if (!phone.ok) return phone;
  const name = row.name.trim();
  if (name.length > MAX_NAME_LENGTH) return err(`name is longer than ${MAX_NAME_LENGTH} characters`);
  const registeredAt = notFuture('registered_at', parseIsoInstant(row.registered_at, 'registered_at'), now);
  if (!registeredAt.ok) return registeredAt;
  return ok({ phone: phone.value, name: name === '' ? null : name, registeredAt: registeredAt.value });
}

export function parsePurchaseRow(row: Row<typeof PURCHASE_COLUMNS>, now: Date): Result<ImportedPurchase> {
  const phone = phoneOf(row.phone);
  if (!phone.ok) return phone;
  const purchasedAt = notFuture('purchased_at', parseIsoInstant(row.purchased_at, 'purchased_at'), now);
  if (!purchasedAt.ok) return purchasedAt;
  const amount = parsePurchaseAmount(row.amount);
  if (!amount.ok) return err(amount.error);
  return ok({ phone: phone.value, purchasedAt: purchasedAt.value, amount: amount.value });
}
