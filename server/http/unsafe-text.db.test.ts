import { expect, it } from 'vitest';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { envelope, pairTablet, push, register, testApp } from '../../tests/support/sync-helpers.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import { createPairingCode } from '../cafe/devices.repo.ts';
import { ownerSession } from '../../tests/support/owner-session.ts';
import { newId } from '../new-id.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
let n = 0;

/** Names someone could type or send from outside the counter: the owner's screens and a tablet's own name at pairing. */
describeOnBackends('control and direction characters outside the push', ({ db }) => {
  const app = () => testApp(db(), () => NOW);

  const owner = (a: ReturnType<typeof testApp>) => ownerSession(a, db(), `text${++n}@cafe.ru`);

  it("takes them out of a guest's name the owner edits, so the name reads as it shows", async () => {
    const a = app();
    const token = await pairTablet(a, db(), NOW);
    const g = newId();
    await push(a, token, [envelope(register(g, `+7915${String(++n).padStart(7, '0')}`, new Date(NOW.getTime() - 60_000), 'Анна'))], NOW);
    const as = await owner(a);
    expect((await as('PATCH', `/api/guests/${g}`, { name: 'Анна\u202e аннА\u0000' })).status).toBe(200);
    expect(await db().query('SELECT name FROM guests WHERE id = $1', [g])).toEqual([{ name: 'Анна аннА' }]);
  });

  it("refuses them in the café's name, naming the field, and keeps the name it had", async () => {
    const as = await owner(app());
    const saved = (await (await as('GET', '/api/settings')).json()) as { name: string };
    const res = await as('PUT', '/api/settings', { ...saved, name: 'Кофейня\u202eавонс' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { field: string } }).error.field).toBe('name');
    expect(((await (await as('GET', '/api/settings')).json()) as { name: string }).name).toBe(saved.name);
  });

  it("refuses them in a tablet's name at pairing, and the code still pairs a clean name", async () => {
    const a = app();
    const { code } = await createPairingCode(db(), (await ensureCafe(db())).id, NOW);
    const claim = (name: string) =>
      a.request('/api/devices/claim', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name }) });
    const bad = await claim('Стойка\u0007');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { field: string } }).error.field).toBe('name');
    expect((await claim('Стойка')).status).toBe(200);
  });
});
