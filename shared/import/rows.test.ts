import { describe, expect, it } from 'vitest';
import type { LocalDate, TimeZone } from '../domain/calendar.ts';
import { fieldColumns, GUEST_FIELDS, PURCHASE_FIELDS, recognizeColumns } from './columns.ts';
import type { Cell } from './row-issue.ts';
import { parseGuestRow, parsePurchaseRow } from './rows.ts';
import { zoneClock } from './wall-clock.ts';

const ctx = { now: new Date('2026-11-22T12:00:00Z'), clock: zoneClock('Europe/Moscow' as TimeZone), today: '2026-11-22' as LocalDate };
const guestColumns = (header: string[]) => fieldColumns(recognizeColumns(header, 'guests'), GUEST_FIELDS);
const purchaseColumns = (header: string[]) => fieldColumns(recognizeColumns(header, 'purchases'), PURCHASE_FIELDS);

describe('guest rows', () => {
  const plain = guestColumns(['phone', 'name', 'registered_at']);

  it('reads the three fixed columns, the optional ones taking their defaults', () => {
    expect(parseGuestRow(['+7 912 000-00-01', ' Анна ', '2026-01-10T09:00:00+03:00'], plain, ctx)).toEqual({
      ok: true,
      value: {
        phone: '+79120000001',
        name: 'Анна',
        registeredAt: new Date('2026-01-10T06:00:00Z'),
        birthday: null,
        email: null,
        consent: { granted: false, source: 'import' },
        openingBalance: 0,
      },
    });
    const noName = parseGuestRow(['89120000001', '', '2026-01-10T09:00:00Z'], plain, ctx);
    expect(noName.ok && noName.value.name).toBeNull();
  });

  it('reads the extra columns in any order after the fixed ones, under Russian headers', () => {
    const columns = guestColumns(['Телефон', 'Имя', 'Дата регистрации', 'Баллы', 'Согласие', 'Email', 'День рождения']);
    expect(parseGuestRow(['89120000002', 'Пётр', '10.01.2026 9:00', '1 200', 'да', 'petr@example.ru', '05.03.1985'], columns, ctx)).toEqual({
      ok: true,
      value: {
        phone: '+79120000002',
        name: 'Пётр',
        registeredAt: new Date('2026-01-10T06:00:00Z'),
        birthday: '1985-03-05',
        email: 'petr@example.ru',
        consent: { granted: true, source: 'import' },
        openingBalance: 1200,
      },
    });
  });

  it('takes invisible control and direction characters out of a name, and reads one made only of them as none', () => {
    const row = (name: string) => parseGuestRow(['+7 912 000-00-01', name, '2026-01-10T09:00:00+03:00'], plain, ctx);
    const spoofed = row('Анна\u202e \u0000Петрова');
    expect(spoofed.ok && spoofed.value.name).toBe('Анна Петрова');
    const blank = row('\u2066\u2069');
    expect(blank.ok && blank.value.name).toBeNull();
  });

  it('takes a short row’s missing optional cells as empty', () => {
    const columns = guestColumns(['phone', 'name', 'registered_at', 'birthday', 'email', 'consent', 'balance']);
    const r = parseGuestRow(['89120000003', 'Оля', '2026-01-10'], columns, ctx);
    expect(r.ok && [r.value.birthday, r.value.email, r.value.consent.granted, r.value.openingBalance]).toEqual([null, null, false, 0]);
  });

  it.each([
    [['+74951234567', 'X', '2026-01-10'], 'phone-invalid', 'phone'],
    [['89120000004', 'X'.repeat(121), '2026-01-10'], 'name-too-long', 'name'],
    [['89120000004', 'X', '2027-01-10'], 'date-in-future', 'registered_at'],
    [['89120000004', 'X', '10.01.2026', 'завтра'], 'birthday-invalid', 'birthday'],
    [['89120000004', 'X', '10.01.2026', '', 'nope'], 'email-invalid', 'email'],
    [['89120000004', 'X', '10.01.2026', '', '', 'может быть'], 'consent-invalid', 'consent'],
    [['89120000004', 'X', '10.01.2026', '', '', '', '-5'], 'balance-negative', 'balance'],
  ] as [Cell[], string, string][])('refuses %j with %s, naming the column', (cells, code, field) => {
    const columns = guestColumns(['phone', 'name', 'registered_at', 'birthday', 'email', 'consent', 'balance']);
    const r = parseGuestRow(cells, columns, ctx);
    expect(!r.ok && [r.issue.code, r.issue.field]).toEqual([code, field]);
  });

  it('never quotes a whole phone in its reason', () => {
    const r = parseGuestRow(['+7 495 123-45-67', 'X', '2026-01-10'], plain, ctx);
    expect(!r.ok && r.issue.message).toMatch(/^phone: /);
    expect(!r.ok && r.issue.message.replace(/\D/g, '')).not.toContain('4951234567');
  });
});

describe('purchase rows', () => {
  it('reads a CLI row and a Russian export’s row alike', () => {
    const cli = parsePurchaseRow(['+79120000001', '2026-03-01T10:00:00Z', '350.50'], purchaseColumns(['phone', 'purchased_at', 'amount']), ctx);
    expect(cli).toEqual({ ok: true, value: { phone: '+79120000001', purchasedAt: new Date('2026-03-01T10:00:00Z'), amount: 35050 } });
    const ru = parsePurchaseRow(['1 350,50 ₽', '01.03.2026 13:00', '8 (912) 000-00-01'], purchaseColumns(['Сумма', 'Дата', 'Телефон']), ctx);
    expect(ru).toEqual(cli.ok ? { ok: true, value: { ...cli.value, amount: 135050 } } : null);
  });

  it('reads a spreadsheet’s numbers: phone, serial date and amount', () => {
    const r = parsePurchaseRow([79120000001, 46082.5, 350.5], purchaseColumns(['phone', 'purchased_at', 'amount']), ctx);
    // 46082 is 2026-03-01 (46023 is 2026-01-01, plus 59 days); noon in Moscow is 09:00Z.
    expect(r).toEqual({ ok: true, value: { phone: '+79120000001', purchasedAt: new Date('2026-03-01T09:00:00Z'), amount: 35050 } });
  });

  it.each([
    [['+79120000001', '2026-03-01T10:00:00Z', 'abc'], 'amount-invalid'],
    [['+79120000001', '2026-03-01T10:00:00Z', '0'], 'amount-zero'],
    [['+79120000001', '2026-02-30T10:00:00Z', '100'], 'date-not-real'],
    [['+79120000001', '', '100'], 'date-empty'],
    [['', '2026-03-01T10:00:00Z', '100'], 'phone-invalid'],
  ] as [Cell[], string][])('refuses %j with %s', (cells, code) => {
    const r = parsePurchaseRow(cells, purchaseColumns(['phone', 'purchased_at', 'amount']), ctx);
    expect(!r.ok && r.issue.code).toBe(code);
  });
});
