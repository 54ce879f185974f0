import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GuestId, PurchaseId } from '../../shared/domain/ids.ts';
import type { Kopecks } from '../../shared/domain/money.ts';
import type { E164Phone } from '../../shared/domain/phone.ts';
import type { MutationOf } from '../../shared/sync/mutations.ts';
import { envelope, pairTablet, push, register, testApp } from '../../tests/support/sync-helpers.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import type { Db } from '../db/db.ts';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { insertGuests } from '../guests/guests.repo.ts';
import { newId } from '../new-id.ts';
import { recordPurchases } from '../purchases/purchases.repo.ts';
import { PURCHASES_CSV_HEADER } from './export-purchases.command.ts';
import { withAbsoluteOut } from './forward.ts';
import { runCli } from './main.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
const promotion = newId();
const ids = { counter: newId<PurchaseId>(), voided: newId<PurchaseId>(), late: newId<PurchaseId>() };

async function cli(db: Db, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    argv,
    { line: (t) => out.push(t), err: (t) => err.push(t) },
    () => NOW,
    (fn) => fn(db),
  );
  return { code, out, err };
}

const buy = (
  purchaseId: string,
  guestId: string,
  iso: string,
  rubles: number,
  extra: Partial<MutationOf<'purchase.record'>> = {},
): MutationOf<'purchase.record'> => ({
  kind: 'purchase.record',
  purchaseId,
  guestId,
  purchasedAt: iso,
  amount: rubles * 100,
  items: [],
  discount: 0,
  pointsRedeemed: 0,
  ...extra,
});

describeOnBackends('bonus points on the command line', ({ db: dbOf }) => {
  beforeAll(async () => {
    const db = dbOf();
    const cafe = await ensureCafe(db);
    const app = testApp(db, () => NOW);
    const token = await pairTablet(app, db, NOW, 'Стойка; вход');
    const g = newId();
    const res = await push(app, token, [
      envelope(register(g, '+79200000001', new Date('2026-11-20T09:00:00Z'))),
      // 20 November 23:30 in Moscow: 350,50 ₽ less 50 ₽ promotion, 30 points spent → 270,50 ₽ paid, 13 points.
      envelope(buy(ids.counter, g, '2026-11-20T20:30:00Z', 350.5, { discount: 5000, pointsRedeemed: 30, redemptionEntryId: newId(), promotionId: promotion })),
      envelope(buy(ids.voided, g, '2026-11-21T10:00:00Z', 100)),
      envelope({ kind: 'purchase.void', purchaseId: ids.voided, reason: 'ошибка', voidedAt: '2026-11-21T10:05:00Z' }),
      envelope(buy(ids.late, g, '2026-11-22T08:00:00Z', 200)),
    ]);
    expect(res.status).toBe(200);
    // An imported guest with history: no welcome, nothing accrued.
    const h = newId<GuestId>();
    await insertGuests(db, cafe.id, [{ id: h, phone: '+79200000002' as E164Phone, name: null, registeredAt: new Date('2025-01-01T00:00:00Z'), via: 'import' }]);
    await recordPurchases(db, cafe.id, [
      { id: newId<PurchaseId>(), guestId: h, purchasedAt: new Date('2025-06-01T12:00:00Z'), amount: 12345 as Kopecks, source: 'import' },
    ]);
  });

  describe('balances', () => {
    it('prints every guest’s balance as one JSON object, 0 for a guest with no entries', async () => {
      const r = await cli(dbOf(), 'balances', '--format', 'json');
      expect(r.code).toBe(0);
      expect(r.out).toHaveLength(1);
      // 100 welcome − 30 spent + 13 + (5 − 5 voided) + 10 = 93.
      expect(JSON.parse(r.out[0]!)).toEqual({ '+79200000001': 93, '+79200000002': 0 });
    });

    it('prints a table by default, and refuses an unknown format with exit 2', async () => {
      const r = await cli(dbOf(), 'balances');
      expect(r.out).toEqual(['phone         balance', '+79200000001       93', '+79200000002        0', '2 guests, 93 points in all']);
      expect((await cli(dbOf(), 'balances', '--format', 'xml')).code).toBe(2);
    });
  });

  describe('export purchases', () => {
    const rows = {
      imported: '+79200000002;2025-06-01T15:00:00+03:00;123,45;0,00;0;0;;;',
      counter: `+79200000001;2026-11-20T23:30:00+03:00;350,50;50,00;30;13;${promotion};;"Стойка; вход"`,
      voided: '+79200000001;2026-11-21T13:00:00+03:00;100,00;0,00;0;5;;2026-11-21T13:05:00+03:00;"Стойка; вход"',
      late: '+79200000001;2026-11-22T11:00:00+03:00;200,00;0,00;0;10;;;"Стойка; вход"',
    };

    it('writes every purchase with the fixed header, a BOM, decimal commas and the café’s offset', async () => {
      const r = await cli(dbOf(), 'export', 'purchases');
      expect(r.code).toBe(0);
      expect(r.out).toEqual([`\uFEFF${PURCHASES_CSV_HEADER}`, rows.imported, rows.counter, rows.voided, rows.late]);
      expect(PURCHASES_CSV_HEADER).toBe('phone;purchased_at;amount;discount;points_redeemed;points_accrued;promotion;voided_at;device');
    });

    it('keeps the café days from --from to --to, both inclusive', async () => {
      expect((await cli(dbOf(), 'export', 'purchases', '--from', '2026-11-21', '--to', '2026-11-21')).out.slice(1)).toEqual([rows.voided]);
      // 20:30Z on 20 November is 23:30 that day in Moscow: in --to 2026-11-20, not in --from 2026-11-21.
      expect((await cli(dbOf(), 'export', 'purchases', '--from', '2026-11-20', '--to', '2026-11-20')).out.slice(1)).toEqual([rows.counter]);
      expect((await cli(dbOf(), 'export', 'purchases', '--from', '2026-11-21')).out.slice(1)).toEqual([rows.voided, rows.late]);
      expect((await cli(dbOf(), 'export', 'purchases', '--to', '2025-12-31')).out.slice(1)).toEqual([rows.imported]);
      expect((await cli(dbOf(), 'export', 'purchases', '--from', '2027-01-01')).out).toEqual([`\uFEFF${PURCHASES_CSV_HEADER}`]);
    });

    it('writes the file given by --out with CRLF lines', async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'export-')), 'purchases.csv');
      const r = await cli(dbOf(), 'export', 'purchases', '--out', file);
      expect(r.out).toEqual([`4 purchases written to ${file}`]);
      expect(readFileSync(file, 'utf8')).toBe(`\uFEFF${[PURCHASES_CSV_HEADER, rows.imported, rows.counter, rows.voided, rows.late].join('\r\n')}\r\n`);
    });

    it('refuses a bad call with exit 2 before writing anything', async () => {
      for (const argv of [
        ['export'],
        ['export', 'guests'],
        ['export', 'purchases', '--from', '21.11.2026'],
        ['export', 'purchases', '--from', '2026-11-22', '--to', '2026-11-21'],
      ]) {
        const r = await cli(dbOf(), ...argv);
        expect([argv.join(' '), r.code, r.out]).toEqual([argv.join(' '), 2, []]);
      }
    });
  });
});

it('names a forwarded --out file from where the command was typed', () => {
  expect(withAbsoluteOut(['export', 'purchases', '--out', 'p.csv', '--from', '2026-01-01'], '/home/owner')).toEqual([
    'export',
    'purchases',
    '--out',
    '/home/owner/p.csv',
    '--from',
    '2026-01-01',
  ]);
  expect(withAbsoluteOut(['export', 'purchases', '--out=../p.csv'], '/home/owner')).toEqual(['export', 'purchases', '--out=/home/p.csv']);
  expect(withAbsoluteOut(['export', 'purchases', '--out', '/tmp/p.csv'], '/home/owner')).toEqual(['export', 'purchases', '--out', '/tmp/p.csv']);
  // restore's --from is a file; elsewhere --from is a date and stays as typed.
  expect(withAbsoluteOut(['restore', '--from', 'b.jsonl', '--force'], '/home/owner')).toEqual(['restore', '--from', '/home/owner/b.jsonl', '--force']);
  expect(withAbsoluteOut(['restore', '--from=../b.jsonl'], '/home/owner')).toEqual(['restore', '--from=/home/b.jsonl']);
  expect(withAbsoluteOut(['backup', '--out', 'b.jsonl'], '/home/owner')).toEqual(['backup', '--out', '/home/owner/b.jsonl']);
});
