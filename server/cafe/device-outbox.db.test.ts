import { expect, it } from 'vitest';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { envelope, pairTablet, register, testApp } from '../../tests/support/sync-helpers.ts';
import type { Device } from '../../shared/api/devices.ts';
import { PROTOCOL, type PullResponse } from '../../shared/sync/protocol.ts';
import { newId } from '../new-id.ts';
import { ensureCafe } from './cafes.repo.ts';
import { createOwner } from './owners.repo.ts';
import { PAIRING_CODE_MAX_MISSES } from './devices.repo.ts';

const NOW = new Date('2026-11-22T09:00:00Z');

describeOnBackends('what the server knows of each tablet’s outbox', ({ db }) => {
  const app = () => testApp(db(), () => NOW);
  async function owner() {
    const login = await app().request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@cafe.ru', password: 'пароль-владельца' }),
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    return (path: string, method = 'GET') => app().request(path, { method, headers: { cookie, 'x-csrf-token': csrfToken } });
  }
  let call: Awaited<ReturnType<typeof owner>>;
  const device = async (name: string) => ((await (await call('/api/devices')).json()) as { devices: Device[] }).devices.find((d) => d.name === name)!;
  const pushWith = async (token: string, report: { outboxSize?: number; highestSeq?: number }) =>
    app().request('/api/sync/push', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        protocol: PROTOCOL,
        deviceTime: NOW.toISOString(),
        mutations: [envelope(register(newId(), `+7916${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`, NOW))],
        ...report,
      }),
    });
  const pull = async (token: string, query = '') =>
    (await (await app().request(`/api/sync/pull?since=0${query}`, { headers: { authorization: `Bearer ${token}` } })).json()) as PullResponse & {
      error?: { code: string };
    };

  it('signs the owner in', async () => {
    const cafe = await ensureCafe(db());
    await createOwner(db(), cafe.id, 'owner@cafe.ru', 'пароль-владельца');
    call = await owner();
  });

  it('shows the outbox a tablet reported with its push and its pull; null before it ever reported', async () => {
    const token = await pairTablet(app(), db(), NOW, 'Стойка 1');
    expect(await device('Стойка 1')).toMatchObject({ outboxSize: null, outboxReportedAt: null });
    expect((await pushWith(token, { outboxSize: 7, highestSeq: 3 })).status).toBe(200);
    expect(await device('Стойка 1')).toMatchObject({ outboxSize: 7, outboxReportedAt: NOW.toISOString() });
    await pull(token, '&outbox=0');
    expect((await device('Стойка 1')).outboxSize).toBe(0);
    // A pull with no report (an older app) leaves the last one standing.
    await pushWith(token, { outboxSize: 2 });
    await pull(token);
    expect((await device('Стойка 1')).outboxSize).toBe(2);
    expect((await pull(token, '&outbox=-1')).error?.code).toBe('invalid');
  });

  it('refuses to revoke a tablet holding unsent writes (409, naming the count) unless forced', async () => {
    const token = await pairTablet(app(), db(), NOW, 'Стойка 2');
    await pushWith(token, { outboxSize: 3 });
    const { id } = await device('Стойка 2');
    const refused = await call(`/api/devices/${id}/revoke`, 'POST');
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'outbox-not-empty',
      message: expect.stringMatching(/reported 3 unsent/),
    });
    expect((await pull(token)).cursor).toBeDefined(); // still paired
    expect((await call(`/api/devices/${id}/revoke?force=true`, 'POST')).status).toBe(200);
    expect((await pull(token)).error?.code).toBe('token-revoked');
  });

  it('revokes at once a tablet whose outbox was last reported empty, or never reported', async () => {
    const empty = await pairTablet(app(), db(), NOW, 'Стойка 3');
    await pull(empty, '&outbox=0');
    const silent = await pairTablet(app(), db(), NOW, 'Стойка 4');
    for (const name of ['Стойка 3', 'Стойка 4']) expect((await call(`/api/devices/${(await device(name)).id}/revoke`, 'POST')).status).toBe(200);
    expect(silent).toBeTruthy();
  });

  it('tells a tablet at pull the highest write number it has received from it, which a late push cannot lower', async () => {
    const token = await pairTablet(app(), db(), NOW, 'Стойка 5');
    expect((await pull(token)).deviceSeq).toBe(0);
    await pushWith(token, { highestSeq: 41 });
    await pushWith(token, { highestSeq: 12 });
    expect((await pull(token)).deviceSeq).toBe(41);
    // Per tablet: another one's number is its own.
    expect((await pull(await pairTablet(app(), db(), NOW, 'Стойка 6'))).deviceSeq).toBe(0);
  });

  it(`shows a pairing code as withdrawn once ${PAIRING_CODE_MAX_MISSES} wrong codes were tried, as used once claimed`, async () => {
    const fresh = async () => (await (await call('/api/devices/pairing-code', 'POST')).json()) as { code: string; id: string };
    const status = async (id: string) => ((await (await call(`/api/devices/pairing-code/${id}`)).json()) as { status: string }).status;
    const claim = (code: string) =>
      app().request('/api/devices/claim', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name: 'Касса' }) });
    const a = await fresh();

    expect(await status(a.id)).toBe('live');
    for (let i = 0; i < PAIRING_CODE_MAX_MISSES - 1; i++) await claim(`9${String(i).padStart(7, '0')}`);
    expect(await status(a.id)).toBe('live');
    await claim('98888888');
    expect(await status(a.id)).toBe('withdrawn');
    const b = await fresh();
    expect((await claim(b.code)).status).toBe(200);
    expect(await status(b.id)).toBe('used');
    expect((await call(`/api/devices/pairing-code/${'A'.repeat(43)}`)).status).toBe(404);
    expect((await call('/api/devices/pairing-code/nope')).status).toBe(400);
  });
});
