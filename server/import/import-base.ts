/**
 * Imports a café's existing guest base from CSV. Guarantees:
 * - everything about the inputs as a whole (files, headers, time zone) is checked before
 *   anything is written, so a refused import leaves the stored data exactly as it was;
 * - a bad row is reported with its line number and reason and skipped; good rows are kept;
 * - importing the same files again adds nothing: guests are unique by phone, and an
 *   imported purchase's id is derived from its content (phone, time, amount, and which
 *   occurrence of that triple it is in the file), so a repeat is recognised;
 * - each batch commits purchases and their guests' aggregates together.
 */
import { hash } from 'node:crypto';
import type { TimeZone } from '../../shared/domain/calendar.ts';
import { contentId, type GuestId, type PurchaseId } from '../../shared/domain/ids.ts';
import { newId } from '../new-id.ts';
import type { E164Phone } from '../../shared/domain/phone.ts';
import type { Result } from '../../shared/domain/result.ts';
import { GUEST_COLUMNS, parseGuestRow, parsePurchaseRow, PURCHASE_COLUMNS, type ImportedPurchase } from '../../shared/schemas/import-rows.ts';
import type { Db, Sql } from '../db/db.ts';
import { ensureCafe, setTimeZone, type Cafe } from '../cafe/cafes.repo.ts';
import { guestsByPhone, insertGuests, moveRegistrationEarlier, type StoredGuestRef } from '../guests/guests.repo.ts';
import { lockCafe } from '../db/cafe-lock.ts';
import { recordPurchases } from '../purchases/purchases.repo.ts';
import { recordSegmentChanges, type SegmentChange } from '../segments/segments.repo.ts';
import { openCsv, readCsv, type CsvFile } from './csv-reader.ts';

export interface ImportRequest {
  guestsPath?: string | undefined;
  purchasesPath?: string | undefined;
  timeZone?: TimeZone | undefined;
}

export interface RowProblem {
  file: string;
  line: number;
  message: string;
}

export interface ImportProgress {
  file: string;
  rows: number;
  bytesRead: number;
  totalBytes: number;
}

export interface ImportHooks {
  now: Date;
  onProblem?: (p: RowProblem) => void;
  onProgress?: (p: ImportProgress) => void;
  batchSize?: number;
  /** Writes what must commit with the import's segment changes (scenarios' queue rows, server/mailings). */
  onSegmentChanges?: (tx: Sql, changes: readonly SegmentChange[]) => Promise<unknown>;
}

export interface ImportSummary {
  guests: { rows: number; added: number; alreadyStored: number; duplicates: number; bad: number };
  purchases: { rows: number; added: number; alreadyStored: number; bad: number; guestsCreated: number };
  segmentChanges: number;
  timeZone: TimeZone;
}

const PROGRESS_EVERY = 100_000;
const sha1Hex = (text: string) => hash('sha1', text, 'hex');

export async function importBase(db: Db, request: ImportRequest, hooks: ImportHooks): Promise<ImportSummary> {
  // Validate the inputs as a whole first: nothing is written if any of it is wrong.
  const guestsFile = request.guestsPath ? await openCsv(request.guestsPath, GUEST_COLUMNS) : undefined;
  const purchasesFile = request.purchasesPath ? await openCsv(request.purchasesPath, PURCHASE_COLUMNS) : undefined;

  let cafe = await ensureCafe(db);
  if (request.timeZone && request.timeZone !== cafe.timeZone) {
    await setTimeZone(db, cafe.id, request.timeZone);
    cafe = { ...cafe, timeZone: request.timeZone };
  }
  const summary: ImportSummary = {
    guests: { rows: 0, added: 0, alreadyStored: 0, duplicates: 0, bad: 0 },
    purchases: { rows: 0, added: 0, alreadyStored: 0, bad: 0, guestsCreated: 0 },
    segmentChanges: 0,
    timeZone: cafe.timeZone,
  };
  const batchSize = hooks.batchSize ?? 25_000;
  if (guestsFile) await importGuests(db, cafe, guestsFile, hooks, batchSize, summary);
  if (purchasesFile) await importPurchases(db, cafe, purchasesFile, hooks, batchSize, summary);
  summary.segmentChanges = (
    await db.transaction(async (tx) => {
      const changes = await recordSegmentChanges(tx, cafe, hooks.now);
      await hooks.onSegmentChanges?.(tx, changes);
      return changes;
    })
  ).length;
  return summary;
}

async function importGuests(db: Db, cafe: Cafe, file: CsvFile<(typeof GUEST_COLUMNS)[number]>, hooks: ImportHooks, batchSize: number, summary: ImportSummary) {
  const firstLine = new Map<E164Phone, number>();
  const writes = new BatchedWrites<Parameters<typeof insertGuests>[2][number]>(db, cafe.id, batchSize, async (tx, rows) => {
    const inserted = await insertGuests(tx, cafe.id, rows);
    summary.guests.added += inserted.length;
    summary.guests.alreadyStored += rows.length - inserted.length;
  });
  for await (const { line, value } of goodRows(file, parseGuestRow, summary.guests, hooks)) {
    const seen = firstLine.get(value.phone);
    if (seen !== undefined) {
      summary.guests.duplicates++;
      hooks.onProblem?.({ file: file.name, line, message: `skipped: the same phone is already on line ${seen}` });
      continue;
    }
    firstLine.set(value.phone, line);
    await writes.add({ id: newId<GuestId>(), ...value, via: 'import' });
  }
  await writes.finish();
}

async function importPurchases(
  db: Db,
  cafe: Cafe,
  file: CsvFile<(typeof PURCHASE_COLUMNS)[number]>,
  hooks: ImportHooks,
  batchSize: number,
  summary: ImportSummary,
) {
  const guests = new Map<E164Phone, StoredGuestRef>();
  const occurrences = new Map<string, number>();
  const writes = new BatchedWrites<{ purchase: ImportedPurchase; id: PurchaseId }>(db, cafe.id, batchSize, async (tx, rows) => {
    await resolveGuests(
      tx,
      cafe,
      rows.map((r) => r.purchase),
      guests,
      summary,
    );
    const added = await recordPurchases(
      tx,
      cafe.id,
      rows.map(({ purchase, id }) => ({
        id,
        guestId: guests.get(purchase.phone)!.id,
        purchasedAt: purchase.purchasedAt,
        amount: purchase.amount,
        source: 'import',
      })),
    );
    summary.purchases.added += added;
    summary.purchases.alreadyStored += rows.length - added;
  });
  for await (const { value: p } of goodRows(file, parsePurchaseRow, summary.purchases, hooks)) {
    const key = `${cafe.id}|${p.phone}|${p.purchasedAt.toISOString()}|${p.amount}`;
    const n = (occurrences.get(key) ?? 0) + 1;
    occurrences.set(key, n);
    await writes.add({ purchase: p, id: contentId<PurchaseId>(`${key}|${n}`, sha1Hex) });
  }
  await writes.finish();
}

/**
 * Finds or creates the guest of every phone in the batch. A guest first seen in purchases
 * is registered at their earliest purchase, moved back if an earlier one appears later.
 */
async function resolveGuests(tx: Sql, cafe: Cafe, purchases: readonly ImportedPurchase[], known: Map<E164Phone, StoredGuestRef>, summary: ImportSummary) {
  const earliest = new Map<E164Phone, Date>();
  for (const p of purchases) {
    const e = earliest.get(p.phone);
    if (!e || p.purchasedAt < e) earliest.set(p.phone, p.purchasedAt);
  }
  const unknown = [...earliest.keys()].filter((phone) => !known.has(phone));
  for (const g of await guestsByPhone(tx, cafe.id, unknown)) known.set(g.phone, g);
  const created = await insertGuests(
    tx,
    cafe.id,
    unknown
      .filter((phone) => !known.has(phone))
      .map((phone) => ({ id: newId<GuestId>(), phone, name: null, registeredAt: earliest.get(phone)!, via: 'import-purchase' as const })),
  );
  summary.purchases.guestsCreated += created.length;
  for (const g of created) known.set(g.phone, g);
  const earlier = [...earliest].flatMap(([phone, at]) => {
    const g = known.get(phone)!;
    return g.via === 'import-purchase' && at < g.registeredAt ? [{ guest: g, at }] : [];
  });
  await moveRegistrationEarlier(
    tx,
    earlier.map(({ guest, at }) => ({ guestId: guest.id, registeredAt: at })),
  );
  for (const { guest, at } of earlier) known.set(guest.phone, { ...guest, registeredAt: at });
}

/**
 * Collects rows into batches and writes each in its own transaction under the café's lock,
 * one after another, while the caller parses the next: the database works on one core while
 * the CSV is read on the other. At most one write is in flight, so batches commit in file
 * order; the first failure stops the import.
 */
class BatchedWrites<T> {
  private batch: T[] = [];
  private inFlight: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(
    private readonly db: Db,
    private readonly cafeId: Cafe['id'],
    private readonly size: number,
    private readonly write: (tx: Sql, rows: T[]) => Promise<void>,
  ) {}

  async add(row: T): Promise<void> {
    this.batch.push(row);
    if (this.batch.length >= this.size) await this.flush();
  }

  async finish(): Promise<void> {
    await this.flush();
    await this.inFlight;
    if (this.failure) throw this.failure;
  }

  private async flush(): Promise<void> {
    const rows = this.batch;
    this.batch = [];
    await this.inFlight;
    if (this.failure) throw this.failure;
    if (!rows.length) return;
    this.inFlight = this.db
      .transaction(async (tx) => {
        await lockCafe(tx, this.cafeId);
        await this.write(tx, rows);
      })
      .then(
        () => undefined,
        (e: unknown) => {
          this.failure = e;
        },
      );
  }
}

/** The rows of a file that parse, counting every row and reporting each bad one with its line. */
async function* goodRows<C extends string, T>(
  file: CsvFile<C>,
  parse: (values: Record<C, string>, now: Date) => Result<T>,
  counts: { rows: number; bad: number },
  hooks: ImportHooks,
): AsyncGenerator<{ line: number; value: T }> {
  for await (const row of readCsv(file, (bytesRead) => progress(hooks, file, counts.rows, bytesRead))) {
    counts.rows++;
    const parsed = 'error' in row ? { ok: false as const, error: row.error } : parse(row.values, hooks.now);
    if (parsed.ok) yield { line: row.line, value: parsed.value };
    else {
      counts.bad++;
      hooks.onProblem?.({ file: file.name, line: row.line, message: parsed.error });
    }
  }
}

function progress(hooks: ImportHooks, file: CsvFile<string>, rows: number, bytesRead: number) {
  if (rows % PROGRESS_EVERY === 0 && rows > 0) hooks.onProgress?.({ file: file.name, rows, bytesRead, totalBytes: file.size });
}
