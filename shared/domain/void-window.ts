/**
 * How long a sale can still be voided at the counter: on its own café day (today's shift) or up
 * to `days` café days after, as the owner sets. Counted in café days, not hours, so a sale rung
 * up at 23:50 is not voidable for longer than one made at 09:00 — the shift closes for both.
 */
import { calendarDaysBetween, localDateOf, type TimeZone } from './calendar.ts';

export const MAX_VOID_WINDOW_DAYS = 30;

/** Whether a sale made at `purchasedAt` may be voided at `at` (a void dated before its sale is a clock's fault, not a late void). */
export function withinVoidWindow(purchasedAt: Date, at: Date, zone: TimeZone, days: number): boolean {
  return calendarDaysBetween(localDateOf(purchasedAt, zone), localDateOf(at, zone)) <= days;
}
