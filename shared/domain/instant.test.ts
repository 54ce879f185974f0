import { describe, expect, it } from 'vitest';
import { parseIsoInstant } from './instant.ts';

describe('ISO 8601 instants', () => {
  it.each([
    ['2026-11-01T10:00:00+03:00', '2026-11-01T07:00:00.000Z'],
    ['2026-11-01T10:00+03:00', '2026-11-01T07:00:00.000Z'],
    ['2026-11-01 10:00:00+0300', '2026-11-01T07:00:00.000Z'],
    ['2026-11-01T10:00:00+03', '2026-11-01T07:00:00.000Z'],
    ['2026-11-01T01:30:00-05:30', '2026-11-01T07:00:00.000Z'],
    ['2026-11-01T07:00:00.123456Z', '2026-11-01T07:00:00.123Z'],
    ['2028-02-29T00:00:00Z', '2028-02-29T00:00:00.000Z'],
    // Years 0–99 are themselves, not 1900–1999 (Date.UTC's shortcut).
    ['0049-05-01T10:00:00Z', '0049-05-01T10:00:00.000Z'],
    ['0000-01-01T03:00:00+03:00', '0000-01-01T00:00:00.000Z'],
    ['0099-12-31T23:59:59Z', '0099-12-31T23:59:59.000Z'],
    ['0100-01-01T00:00:00Z', '0100-01-01T00:00:00.000Z'],
  ])('reads %s', (text, iso) => {
    const r = parseIsoInstant(text, 'at');
    expect(r.ok && r.value.toISOString()).toBe(iso);
  });

  it.each([
    ['2026-11-01T10:00:00', 'no time zone offset'],
    ['2026-11-01', 'date without a time'],
    ['2026-02-29T10:00:00Z', 'not a real calendar date'],
    ['0049-02-29T10:00:00Z', 'not a real calendar date'],
    ['2026-13-01T10:00:00Z', 'not a real calendar date'],
    ['2026-11-01T24:00:00Z', 'not a real time'],
    ['01.11.2026 10:00', 'not an ISO 8601'],
    ['', 'is empty'],
  ])('refuses %j (%s), naming the field', (text, reason) => {
    const r = parseIsoInstant(text, 'purchased_at');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toContain(reason);
      expect(r.error).toContain('purchased_at');
    }
  });
});
