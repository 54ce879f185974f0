/**
 * Imports a café's existing guest base from CSV or `.xlsx` files, for the CLI and the
 * owner's upload alike (one code path). Guarantees:
 * - everything about the inputs as a whole (files, headers, mapping, time zone) is checked
 *   before anything is written, so a refused import leaves the stored data exactly as it was;
 * - a bad row is reported with its line number and reason (a code and an English sentence,
 *   the phone never whole) and skipped; good rows are kept;
 * - importing the same files again adds nothing: guests are unique by phone, and an
 *   imported purchase's id is derived from its content (phone, time, amount, and which
 *   occurrence of that triple it is in the file), so a repeat is recognised;
 * - each batch commits guests with their profile fields and opening balance (through
 *   onGuestsAdded), or purchases with their guests' aggregates, together;
 * - a dry run parses and checks everything the same way and counts what a real run would
 *   add and what is already stored, but writes nothing — not even the café or its zone.
 * Times written without an offset are read in the café's zone: the one given with the
 * import (which becomes the café's), else the café's own.
 */
import { hash } from 'node:crypto';
import { DEFAULT_TIME_ZONE, localDateOf, type TimeZone } from '../../shared/domain/calendar.ts';
import { contentId, type CafeId, type GuestId, type PurchaseId } from '../../shared/domain/ids.ts';
import type { E164Phone } from '../../shared/domain/phone.ts';
import type { FieldOf, ImportKind } from '../../shared/import/columns.ts';
import type { Parsed, RowIssueCode } from '../../shared/import/row-issue.ts';
import { parseGuestRow, parsePurchaseRow, type FieldIndex, type ImportedGuest, type ImportedPurchase, type RowContext } from '../../shared/import/rows.ts';
import { zoneClock } from '../../shared/import/wall-clock.ts';
import type { Db, Sql } from '../db/db.ts';
import { newId } from '../new-id.ts';
import { ensureCafe, setTimeZone, type Cafe } from '../cafe/cafes.repo.ts';
import { guestsByPhone, insertGuests, moveRegistrationEarlier, type StoredGuestRef } from '../guests/guests.repo.ts';
import { lockCafe } from '../db/cafe-lock.ts';
import { creditOpeningBalances } from '../loyalty/opening.ts';
import { recordImportConsent } from '../mailings/consent.repo.ts';
import { recordPurchases } from '../purchases/purchases.repo.ts';
import { recordSegmentChanges, type SegmentChange } from '../segments/segments.repo.ts';
import { Batches } from './batches.ts';
import { openImportTable, type ImportFile, type ImportTable } from './import-table.ts';
import { findCafe, storedPurchaseIds, storeImportedProfiles } from './import.repo.ts';
import type { SourceOptions } from './table-source.ts';

export interface ImportRequest {
  guests?: ImportFile<'guests'> | undefined;
  purchases?: ImportFile<'purchases'> | undefined;
  /** Shorthand for `guests: { path }`, as the CLI gives it. */
  guestsPath?: string | undefined;
  /** Shorthand for `purchases: { path }`. */
  purchasesPath?: string | undefined;
  timeZone?: TimeZone | undefined;
  /** Parse and check everything, count what would be added, write nothing. */
  dryRun?: boolean | undefined;
  /**
   * Files the caller has opened (and so checked) already, read instead of opening them again:
   * opening an `.xlsx` checks its whole sheet, which the owner's commit would otherwise do
   * twice. importBase reads and closes them.
   */
  opened?: { guests?: ImportTable<'guests'> | undefined; purchases?: ImportTable<'purchases'> | undefined } | undefined;
}

export interface RowProblem {
  file: string;
  line: number;
  message: string;
  code: RowIssueCode;
  field?: string;
}

export interface ImportProgress {
  file: string;
  rows: number;
  bytesRead: number;
  totalBytes: number;
}

/** A guest this import created, as the loyalty ledger needs it to credit the opening balance. */
export interface AddedGuest {
  id: GuestId;
  phone: E164Phone;
  registeredAt: Date;
  /** Whole points from the file's `balance` column; 0 when it has none. */
  openingBalance: number;
  /** Marketing consent as the file gave it (stored on the guest with the import's time). */
  consent: ImportedGuest['consent'];
}

export interface ImportHooks {
  now: Date;
  onProblem?: (p: RowProblem) => void;
  onProgress?: (p: ImportProgress) => void;
  /** Rows between progress reports (100,000 by default). */
  progressEvery?: number;
  /**
   * Called inside each guests batch's transaction with the guests it created (never with
   * one already stored, so a re-import credits nothing twice): where the ledger credits the
   * opening balances (shared/loyalty's openingEntry) and a consent history may record the
   * file's consent. Not called in a dry run.
   */
  onGuestsAdded?: (tx: Sql, guests: readonly AddedGuest[]) => Promise<void>;
  batchSize?: number;
  /** Size limits for the files (an upload's). */
  limits?: Omit<SourceOptions, 'name'>;
  /**
   * Called at the end of each real batch's transaction with what this run has written so far,
   * that batch included: a job keeps its count in the same commit (import-jobs.ts), so after a
   * crash the count is exactly what the database holds.
   */
  onBatchCommitting?: (tx: Sql, written: WrittenSoFar) => Promise<void>;
  /** Writes what must commit with the import's segment changes (scenarios' queue rows, server/mailings). */
  onSegmentChanges?: (tx: Sql, changes: readonly SegmentChange[]) => Promise<unknown>;
}

/** Rows a real run has written: guests created (from either file) and purchases added. */
export interface WrittenSoFar {
  guests: number;
  purchases: number;
}

export interface ImportSummary {
  /** In a dry run, `added` counts what a real run would add. */
  dryRun: boolean;
  guests: { rows: number; added: number; alreadyStored: number; duplicates: number; bad: number; openingBalance: number };
  purchases: { rows: number; added: number; alreadyStored: number; bad: number; guestsCreated: number };
  segmentChanges: number;
  timeZone: TimeZone;
}

const PROGRESS_EVERY = 100_000;
const sha1Hex = (text: string) => hash('sha1', text, 'hex');

interface Run {
  /** Names this run in the consent history ("given in import …"). */
  id: string;
  db: Db;
  cafeId: CafeId | null;
  dryRun: boolean;
  hooks: ImportHooks;
  ctx: RowContext;
  batchSize: number;
  summary: ImportSummary;
  /** Phones of the guests file, each with the first line it is on. */
  guestLines: Map<E164Phone, number>;
}

export async function importBase(db: Db, request: ImportRequest, hooks: ImportHooks): Promise<ImportSummary> {
  const guestsFile = request.guests ?? (request.guestsPath === undefined ? undefined : { path: request.guestsPath });
  const purchasesFile = request.purchases ?? (request.purchasesPath === undefined ? undefined : { path: request.purchasesPath });
  // Validate the inputs as a whole first: nothing is written if any of it is wrong.
  const opened: ImportTable<ImportKind>[] = [request.opened?.guests, request.opened?.purchases].filter((t) => t !== undefined);
  try {
    const guests = request.opened?.guests ?? (guestsFile && (await openImportTable(guestsFile, 'guests', hooks.limits)));
    if (guests && !opened.includes(guests)) opened.push(guests);
    const purchases = request.opened?.purchases ?? (purchasesFile && (await openImportTable(purchasesFile, 'purchases', hooks.limits)));
    if (purchases && !opened.includes(purchases)) opened.push(purchases);

    const dryRun = request.dryRun ?? false;
    let cafe: Cafe | null = null;
    let cafeId: CafeId | null;
    let zone: TimeZone;
    if (dryRun) {
      const found = await findCafe(db);
      cafeId = found?.id ?? null;
      zone = request.timeZone ?? found?.timeZone ?? DEFAULT_TIME_ZONE;
    } else {
      cafe = await ensureCafe(db);
      if (request.timeZone && request.timeZone !== cafe.timeZone) {
        await setTimeZone(db, cafe.id, request.timeZone);
        cafe = { ...cafe, timeZone: request.timeZone };
      }
      cafeId = cafe.id;
      zone = cafe.timeZone;
    }
    const run: Run = {
      id: newId<string>(),
      db,
      cafeId,
      dryRun,
      hooks,
      ctx: { now: hooks.now, clock: zoneClock(zone), today: localDateOf(hooks.now, zone) },
      batchSize: hooks.batchSize ?? 25_000,
      guestLines: new Map(),
      summary: {
        dryRun,
        guests: { rows: 0, added: 0, alreadyStored: 0, duplicates: 0, bad: 0, openingBalance: 0 },
        purchases: { rows: 0, added: 0, alreadyStored: 0, bad: 0, guestsCreated: 0 },
        segmentChanges: 0,
        timeZone: zone,
      },
    };
    if (guests) await importGuests(run, guests);
    if (purchases) await importPurchases(run, purchases);
    if (cafe) {
      const stored = cafe;
      run.summary.segmentChanges = (
        await db.transaction(async (tx) => {
          const changes = await recordSegmentChanges(tx, stored, hooks.now);
          await hooks.onSegmentChanges?.(tx, changes);
          return changes;
        })
      ).length;
    }
    return run.summary;
  } finally {
    for (const table of opened) await table.close();
  }
}

/** A real run's batch: one transaction under the café's lock, with the job's count of what is written. */
const inTransaction = (run: Run, write: (tx: Sql) => Promise<void>) =>
  run.db.transaction(async (tx) => {
    await lockCafe(tx, run.cafeId!);
    await write(tx);
    const { guests, purchases } = run.summary;
    await run.hooks.onBatchCommitting?.(tx, { guests: guests.added + purchases.guestsCreated, purchases: purchases.added });
  });

async function importGuests(run: Run, table: ImportTable<'guests'>) {
  const { summary, hooks } = run;
  const batches = new Batches<ImportedGuest>(run.batchSize, async (rows) => {
    if (run.dryRun) {
      const stored = run.cafeId
        ? new Set(
            (
              await guestsByPhone(
                run.db,
                run.cafeId,
                rows.map((g) => g.phone),
              )
            ).map((g) => g.phone),
          )
        : new Set<E164Phone>();
      for (const g of rows) {
        if (stored.has(g.phone)) summary.guests.alreadyStored++;
        else {
          summary.guests.added++;
          summary.guests.openingBalance += g.openingBalance;
        }
      }
      return;
    }
    await inTransaction(run, async (tx) => {
      const inserted = await insertGuests(
        tx,
        run.cafeId!,
        rows.map((g) => ({ id: newId<GuestId>(), phone: g.phone, name: g.name, registeredAt: g.registeredAt, via: 'import' as const })),
      );
      const byPhone = new Map(rows.map((g) => [g.phone, g]));
      const added = inserted.map((ref) => ({ ref, guest: byPhone.get(ref.phone)! }));
      await storeImportedProfiles(
        tx,
        added.map(({ ref, guest }) => ({
          guestId: ref.id,
          birthday: guest.birthday,
          email: guest.email,
          consent: guest.consent.granted,
          consentAt: guest.consent.granted ? hooks.now : null,
        })),
      );
      // The file's "yes" is the guest's marketing consent, given then: the history says so.
      await recordImportConsent(
        tx,
        run.cafeId!,
        added.filter(({ guest }) => guest.consent.granted).map(({ ref }) => ({ guestId: ref.id, granted: true, at: hooks.now })),
        run.id,
        hooks.now,
      );
      // Imported guests start with the points their old programme gave them (no welcome bonus).
      await creditOpeningBalances(
        tx,
        run.cafeId!,
        added.map(({ ref, guest }) => ({ guestId: ref.id, points: guest.openingBalance })),
        hooks.now,
      );
      await hooks.onGuestsAdded?.(
        tx,
        added.map(({ ref, guest }) => ({
          id: ref.id,
          phone: ref.phone,
          registeredAt: ref.registeredAt,
          openingBalance: guest.openingBalance,
          consent: guest.consent,
        })),
      );
      summary.guests.added += inserted.length;
      summary.guests.alreadyStored += rows.length - inserted.length;
      summary.guests.openingBalance += added.reduce((sum, a) => sum + a.guest.openingBalance, 0);
    });
  });
  try {
    for await (const { line, value } of goodRows(run, table, parseGuestRow, summary.guests)) {
      const seen = run.guestLines.get(value.phone);
      if (seen !== undefined) {
        summary.guests.duplicates++;
        hooks.onProblem?.({ file: table.source.name, line, message: `skipped: the same phone is already on line ${seen}`, code: 'duplicate-phone' });
        continue;
      }
      run.guestLines.set(value.phone, line);
      await batches.add(value);
    }
    await batches.finish();
  } finally {
    await batches.settle();
  }
}

async function importPurchases(run: Run, table: ImportTable<'purchases'>) {
  const { summary } = run;
  const guests = new Map<E164Phone, StoredGuestRef | 'new'>();
  const occurrences = new Map<string, number>();
  const batches = new Batches<{ purchase: ImportedPurchase; id: PurchaseId }>(run.batchSize, async (rows) => {
    if (run.dryRun) return countPurchases(run, rows, guests);
    await inTransaction(run, async (tx) => {
      await resolveGuests(
        tx,
        run,
        rows.map((r) => r.purchase),
        guests as Map<E164Phone, StoredGuestRef>,
      );
      const added = await recordPurchases(
        tx,
        run.cafeId!,
        rows.map(({ purchase, id }) => ({
          id,
          guestId: (guests.get(purchase.phone) as StoredGuestRef).id,
          purchasedAt: purchase.purchasedAt,
          amount: purchase.amount,
          source: 'import',
        })),
      );
      summary.purchases.added += added;
      summary.purchases.alreadyStored += rows.length - added;
    });
  });
  // The café's id stands in for it in a dry run before the café exists: no id is looked up then.
  const cafeKey = run.cafeId ?? 'new-cafe';
  try {
    for await (const { value: p } of goodRows(run, table, parsePurchaseRow, summary.purchases)) {
      const key = `${cafeKey}|${p.phone}|${p.purchasedAt.toISOString()}|${p.amount}`;
      const n = (occurrences.get(key) ?? 0) + 1;
      occurrences.set(key, n);
      await batches.add({ purchase: p, id: contentId<PurchaseId>(`${key}|${n}`, sha1Hex) });
    }
    await batches.finish();
  } finally {
    await batches.settle();
  }
}

/** A dry run's purchases batch: which are stored already, and which guests would be created. */
async function countPurchases(run: Run, rows: { purchase: ImportedPurchase; id: PurchaseId }[], guests: Map<E164Phone, StoredGuestRef | 'new'>) {
  const { summary } = run;
  const unknown = [...new Set(rows.map((r) => r.purchase.phone))].filter((phone) => !guests.has(phone));
  if (run.cafeId) for (const g of await guestsByPhone(run.db, run.cafeId, unknown)) guests.set(g.phone, g);
  for (const phone of unknown) {
    if (guests.has(phone)) continue;
    // A guest of the guests file would be stored by then; any other phone is registered from its purchases.
    if (!run.guestLines.has(phone)) summary.purchases.guestsCreated++;
    guests.set(phone, 'new');
  }
  const stored = run.cafeId
    ? await storedPurchaseIds(
        run.db,
        run.cafeId,
        rows.map((r) => r.id),
      )
    : new Set<PurchaseId>();
  summary.purchases.alreadyStored += stored.size;
  summary.purchases.added += rows.length - stored.size;
}

/**
 * Finds or creates the guest of every phone in the batch. A guest first seen in purchases
 * is registered at their earliest purchase, moved back if an earlier one appears later.
 */
async function resolveGuests(tx: Sql, run: Run, purchases: readonly ImportedPurchase[], known: Map<E164Phone, StoredGuestRef>) {
  const cafeId = run.cafeId!;
  const earliest = new Map<E164Phone, Date>();
  for (const p of purchases) {
    const e = earliest.get(p.phone);
    if (!e || p.purchasedAt < e) earliest.set(p.phone, p.purchasedAt);
  }
  const unknown = [...earliest.keys()].filter((phone) => !known.has(phone));
  for (const g of await guestsByPhone(tx, cafeId, unknown)) known.set(g.phone, g);
  const created = await insertGuests(
    tx,
    cafeId,
    unknown
      .filter((phone) => !known.has(phone))
      .map((phone) => ({ id: newId<GuestId>(), phone, name: null, registeredAt: earliest.get(phone)!, via: 'import-purchase' as const })),
  );
  run.summary.purchases.guestsCreated += created.length;
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

/** The rows of a file that parse, counting every row and reporting each bad one with its line. */
async function* goodRows<K extends ImportKind, T>(
  run: Run,
  table: ImportTable<K>,
  parse: (cells: readonly (string | number)[], columns: FieldIndex<FieldOf<K>>, ctx: RowContext) => Parsed<T>,
  counts: { rows: number; bad: number },
): AsyncGenerator<{ line: number; value: T }> {
  const { hooks, ctx } = run;
  const every = hooks.progressEvery ?? PROGRESS_EVERY;
  const name = table.source.name;
  for await (const row of table.rows()) {
    counts.rows++;
    if (hooks.onProgress && counts.rows % every === 0) {
      hooks.onProgress({ file: name, rows: counts.rows, bytesRead: table.source.bytesRead(), totalBytes: table.source.totalBytes });
    }
    if ('error' in row) {
      counts.bad++;
      hooks.onProblem?.({ file: name, line: row.line, message: row.error, code: row.code });
      continue;
    }
    const parsed = parse(row.cells, table.columns, ctx);
    if (parsed.ok) yield { line: row.line, value: parsed.value };
    else {
      counts.bad++;
      const { code, field, message } = parsed.issue;
      hooks.onProblem?.({ file: name, line: row.line, message, code, ...(field === undefined ? {} : { field }) });
    }
  }
}
