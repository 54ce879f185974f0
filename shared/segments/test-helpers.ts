import { TZDate } from '@date-fns/tz';
import type { LocalDate, TimeZone } from '../domain/calendar.ts';
import { statsFromPurchases, type GuestStats } from '../domain/guest.ts';
import type { Kopecks } from '../domain/money.ts';

/** An instant given as wall-clock time in a zone: `at('2026-11-07T23:50', 'Europe/Moscow')`. */
export function at(local: string, zone: string): Date {
  const [date, time = '00:00'] = local.split('T') as [string, string?];
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  return new Date(new TZDate(y, m - 1, d, hh, mm, 0, 0, zone).getTime());
}

export const day = (s: string) => s as LocalDate;
export const zone = (s: string) => s as TimeZone;

export function stats(registeredAt: Date, purchases: { at: Date; amount?: number; voided?: boolean }[]): GuestStats {
  return statsFromPurchases(
    registeredAt,
    purchases.map((p) => ({ purchasedAt: p.at, amount: (p.amount ?? 30000) as Kopecks, voidedAt: p.voided ? p.at : null })),
  );
}
