import { expect, it } from 'vitest';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { envelope, pairTablet, purchase, push, register, testApp } from '../../tests/support/sync-helpers.ts';
import { REFUSED_SHOWN } from '../../shared/api/devices.ts';
import type { Device } from '../../shared/api/devices.ts';
import { newId } from '../new-id.ts';
import { ensureCafe } from './cafes.repo.ts';
import { createOwner } from './owners.repo.ts';

const NOW = new Date('2026-11-22T09:00:00Z');

describeOnBackends('the owner sees what each tablet had refused', ({ db }) => {
  it('lists a tablet’s refused mutations, newest first, at most REFUSED_SHOWN, with the total', async () => {
    const app = testApp(db(), () => NOW);
    const cafe = await ensureCafe(db());
    await createOwner(db(), cafe.id, 'owner@cafe.ru', 'пароль-владельца');
    const login = await app.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@cafe.ru', password: 'пароль-владельца' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const devices = async () => ((await (await app.request('/api/devices', { headers: { cookie } })).json()) as { devices: Device[] }).devices;

    const token = await pairTablet(app, db(), NOW, 'Стойка');
    const clean = await pairTablet(app, db(), NOW, 'Окно');
    const g = newId();
    await push(app, token, [envelope(register(g, '+79160000077', new Date(NOW.getTime() - 60_000)))], NOW);
    // A purchase far over any ceiling, REFUSED_SHOWN + 1 times, one batch each (a minute apart).
    for (let i = 0; i <= REFUSED_SHOWN; i++) {
      const at = new Date(NOW.getTime() + i * 60_000);
      const res = await push(
        testApp(db(), () => at),
        token,
        [envelope(purchase(g, 9_007_199_254_740_991, NOW))],
        at,
      );
      expect(res.body.refused).toHaveLength(1);
    }
    const list = await devices();
    const refusing = list.find((d) => d.name === 'Стойка')!;
    expect(refusing.refusedCount).toBe(REFUSED_SHOWN + 1);
    expect(refusing.refused).toHaveLength(REFUSED_SHOWN);
    expect(refusing.refused[0]).toMatchObject({ kind: 'purchase.record', code: 'invalid', field: expect.stringMatching(/amount/) });
    expect(refusing.refused[0]!.refusedAt > refusing.refused.at(-1)!.refusedAt).toBe(true);
    expect(list.find((d) => d.name === 'Окно')).toMatchObject({ refused: [], refusedCount: 0 });
    expect(clean).toBeTruthy();
  });
});
