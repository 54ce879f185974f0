import { expect, it } from 'vitest';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { createApp } from '../app.ts';
import { ensureCafe } from './cafes.repo.ts';
import { sha256 } from './secrets.ts';
import { claimPairingCode, createPairingCode, PAIRING_CODE_MAX_MISSES } from './devices.repo.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
const minutes = (m: number) => new Date(NOW.getTime() + m * 60_000);
let wrong = 0;
const wrongCode = () => `9${String(++wrong).padStart(7, '0')}`;

describeOnBackends('pairing codes die after wrong claims', ({ db }) => {
  // Each claim through a new app, as after a restart: the in-memory limiters start empty, the
  // count of misses does not.
  const claim = async (code: string, at = NOW) => {
    const res = await createApp({ db: db(), now: () => at }).request('/api/devices/claim', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, name: 'Касса' }),
    });
    return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
  };
  const live = async () => (await createPairingCode(db(), (await ensureCafe(db())).id, NOW)).code;

  it(`a live code survives ${PAIRING_CODE_MAX_MISSES - 1} wrong claims and pairs`, async () => {
    const code = await live();
    for (let i = 0; i < PAIRING_CODE_MAX_MISSES - 1; i++) expect((await claim(wrongCode())).status).toBe(404);
    expect((await claim(code)).status).toBe(200);
  });

  it(`every live code is withdrawn at the ${PAIRING_CODE_MAX_MISSES}th wrong claim, across restarts; a new code pairs`, async () => {
    const [a, b] = [await live(), await live()];
    for (let i = 0; i < PAIRING_CODE_MAX_MISSES; i++) expect((await claim(wrongCode(), minutes(i))).status).toBe(404);
    for (const code of [a, b]) {
      const res = await claim(code, minutes(6));
      expect(res.status).toBe(410);
      expect(res.body.error).toMatchObject({ code: 'code-expired', message: expect.stringMatching(/withdrawn after 5 wrong codes/) });
    }
    expect((await claim(await live(), minutes(6))).status).toBe(200);
  });

  it('misses made before a code existed, or once it has expired, do not count against it', async () => {
    for (let i = 0; i < PAIRING_CODE_MAX_MISSES; i++) await claim(wrongCode());
    const used = await live();
    expect((await claim(used)).status).toBe(200);
    const fresh = await live();
    for (let i = 0; i < PAIRING_CODE_MAX_MISSES - 1; i++) await claim(wrongCode());
    expect((await claim(fresh)).status).toBe(200);
    // An expired code gathers no misses: a miss 11 minutes on leaves a code made at NOW as it was.
    const old = await live();
    await claim(wrongCode(), minutes(11));
    expect(await db().query('SELECT misses FROM pairing_codes WHERE code_hash = $1', [sha256(old)])).toEqual([{ misses: 0 }]);
    expect(await db().transaction((tx) => claimPairingCode(tx, old, 'Касса', minutes(11)))).toEqual({ ok: false, reason: 'expired' });
  });
});
