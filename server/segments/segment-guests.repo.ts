/**
 * The guests of one segment as of a moment, for the owner's list and its CSV export. The
 * database filters on the segment's cells (listed by the shared classifier, see cells.ts),
 * so the page and the export hold exactly the guests the report counts, sorted and paged
 * in SQL: a segment of 100,000 guests never leaves the database whole for one screen.
 */
import { cellsOfSegment } from '../../shared/segments/cells.ts';
import type { SegmentId } from '../../shared/segments/rules.ts';
import type { GuestSort } from '../../shared/api/segment-guests.ts';
import type { Db } from '../db/db.ts';
import type { Cafe } from '../cafe/cafes.repo.ts';
import { cellSelect, liveStatsHold, withReportSettings } from './segments.repo.ts';

export interface GuestQuery {
  segment: SegmentId;
  sort: GuestSort;
  dir: 'asc' | 'desc';
  /** A name, or digits of a phone (any part of it). */
  search?: string | undefined;
  offset: number;
  /** No limit: every guest (the export). */
  limit?: number | undefined;
}

export interface SegmentGuest {
  id: string;
  /** Null for a guest deleted on request (an anonymous row that still counts in the segment). */
  phone: string | null;
  name: string | null;
  consent: boolean;
  registeredAt: Date;
  visits: number;
  lastVisitAt: Date | null;
  totalSpend: number;
}

const SORT_SQL: Record<GuestSort, string> = {
  lastVisit: 'COALESCE(c.last_purchase_at, c.registered_at)',
  visits: 'c.purchase_count',
  spend: 'c.total_spend',
};

const likeEscape = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/**
 * A page of the segment's guests and, when `withTotal`, how many match in all: counted apart,
 * as a total carried on every row would make the database sort the whole segment for a page.
 */
export async function segmentGuests(
  db: Db,
  cafe: Cafe,
  asOf: Date,
  q: GuestQuery,
  withTotal = true,
): Promise<{ total: number | null; guests: SegmentGuest[] }> {
  return withReportSettings(db, async (tx) => {
    const live = await liveStatsHold(tx, cafe, asOf);
    const select = (what: 'page' | 'count') =>
      cellSelect(cafe, asOf, live, (columns, stats, b, params) => {
        const cells = cellsOfSegment(cafe.rules, b.cuts, b.metrics, q.segment);
        const tuple = `(${b.metrics.map((_, i) => `c.b${i}`).join(', ')})`;
        const where = [cells.length ? `${tuple} IN (VALUES ${cells.map((cell) => `(${cell.join(', ')})`).join(', ')})` : 'false'];
        const text = q.search?.trim() ?? '';
        const digits = text.replace(/\D/g, '');
        // Digits (with the usual phone punctuation) search the number; anything else the name.
        if (digits.length >= 2 && /^[\d\s()+\-.]+$/.test(text))
          where.push(`g.phone LIKE ${params.add(`%${likeEscape(digits.replace(/^[78](?=9\d{3})/, ''))}%`)}`);
        else if (text) where.push(`g.name ILIKE ${params.add(`%${likeEscape(text)}%`)}`);
        // Guests' rows are joined for a search only; otherwise the page is chosen from the stats
        // alone and only its rows meet the guests table.
        const searching = where.length > 1;
        const from = `FROM (SELECT ${columns}, guest_id, registered_at, purchase_count, last_purchase_at, total_spend FROM (${stats}) s) c
                      ${searching ? 'JOIN guests g ON g.id = c.guest_id' : ''} WHERE ${where.join(' AND ')}`;
        if (what === 'count') return `SELECT count(*)::int AS total ${from}`;
        const order = `ORDER BY ${SORT_SQL[q.sort]} ${q.dir === 'asc' ? 'ASC' : 'DESC'} NULLS LAST, c.guest_id`;
        const page = q.limit === undefined ? '' : ` LIMIT ${params.add(q.limit)} OFFSET ${params.add(q.offset)}`;
        return `SELECT g.id, g.phone, g.name, g.consent, c.registered_at, c.purchase_count, c.last_purchase_at, c.total_spend
                FROM (SELECT c.* ${from} ${order}${page}) c JOIN guests g ON g.id = c.guest_id ${order}`;
      });
    type Row = {
      id: string;
      phone: string | null;
      name: string | null;
      consent: boolean;
      registered_at: Date;
      purchase_count: number;
      last_purchase_at: Date | null;
      total_spend: number;
    };
    const page = select('page');
    const rows = await tx.query<Row>(page.sql, page.params);
    const countRows = async () => {
      const count = select('count');
      return (await tx.query<{ total: number }>(count.sql, count.params))[0]!.total;
    };
    const total = !withTotal ? null : q.limit === undefined ? rows.length : await countRows();
    return {
      total,
      guests: rows.map((r) => ({
        id: r.id,
        phone: r.phone,
        name: r.name,
        consent: r.consent,
        registeredAt: r.registered_at,
        visits: r.purchase_count,
        lastVisitAt: r.last_purchase_at,
        totalSpend: Number(r.total_spend),
      })),
    };
  });
}
