/**
 * Finding guests by what the barista types: any digits of the number (shared/domain/
 * phone-search.ts), over every guest's digits held in memory (phone-index.ts). Light on
 * purpose: the counter's first screen loads it, and it parses no phone.
 */
import { phoneMatch, phoneQuery } from '../../shared/domain/phone-search.ts';
import type { CounterDb, GuestRow } from './db.ts';
import { allGuestDigits } from './phone-index.ts';

/** How many guests a search shows; the rest are counted ("ещё 35 — уточните номер"). */
export const SEARCH_LIMIT = 20;

export interface GuestSearch {
  /** The best matches, the whole number first, then beginnings, last digits, digits inside. */
  guests: GuestRow[];
  /** How many guests match in all. */
  total: number;
  /** The guest whose whole number was typed, if any: Enter opens them. */
  exact: GuestRow | null;
}

/** Guests whose number starts with, ends with or contains the typed digits (phone-search.ts). */
export async function searchGuests(db: CounterDb, typed: string): Promise<GuestSearch> {
  const q = phoneQuery(typed);
  if (q.prefix === null && q.fragment === null) return { guests: [], total: 0, exact: null };
  const matches: { digits: string; rank: number }[] = [];
  for (const digits of await allGuestDigits(db)) {
    const rank = phoneMatch(digits, q);
    if (rank !== null) matches.push({ digits, rank });
  }
  // Keys come in index order, so a stable sort by rank keeps each rank in number order.
  matches.sort((a, b) => a.rank - b.rank);
  const shown = matches.slice(0, SEARCH_LIMIT).map((m) => m.digits);
  const rows = await db.guests.where('digits').anyOf(shown).toArray();
  const byDigits = new Map(rows.map((g) => [g.digits, g]));
  const guests = shown.map((d) => byDigits.get(d)).filter((g): g is GuestRow => g !== undefined);
  return { guests, total: matches.length, exact: matches[0]?.rank === 0 ? (byDigits.get(matches[0].digits) ?? null) : null };
}
