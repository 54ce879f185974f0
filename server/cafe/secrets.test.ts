import { describe, expect, it } from 'vitest';
import { PAIRING_CODE_MAX_MISSES } from './devices.repo.ts';
import { newPairingCode, newToken } from './secrets.ts';

describe('pairing codes and tokens', () => {
  it('makes codes of 8 digits, leading zeros kept, spread over the whole space', () => {
    const codes = Array.from({ length: 2000 }, newPairingCode);
    for (const c of codes) expect(c).toMatch(/^\d{8}$/);
    // 2000 draws from 10^8 repeat once with odds about 2·10^-2, three times about 10^-6: more means a smaller space than it says.
    expect(new Set(codes).size).toBeGreaterThanOrEqual(1998);
    // A tenth of codes start with 0 (a number printed without padding never would), and every first digit turns up.
    expect(new Set(codes.map((c) => c[0])).size).toBe(10);
  });

  it('leaves a guesser odds of at most 5 in 10^8 per live code', () => {
    // Every wrong claim counts against every live code, and a code dies at the 5th (pairing-misses.db.test.ts).
    const odds = PAIRING_CODE_MAX_MISSES / 10 ** newPairingCode().length;
    expect(odds).toBeLessThanOrEqual(5e-8);
  });

  it('makes device tokens of 32 random bytes, never the same twice', () => {
    const tokens = Array.from({ length: 1000 }, newToken);
    expect(new Set(tokens).size).toBe(1000);
    for (const t of tokens) expect(Buffer.from(t, 'base64url')).toHaveLength(32);
  });
});
