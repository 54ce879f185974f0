// @vitest-environment jsdom
// The counter's side of issue 11 item 9: a queue that does not move, a database that lost writes,
// disconnecting a tablet that still holds writes, and pairing again when the server no longer
// knows the token — each said plainly, and no unsent write dropped.
import 'fake-indexeddb/auto';
import { cleanup, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../server/app.ts';
import { ensureCafe } from '../../server/cafe/cafes.repo.ts';
import { createPairingCode } from '../../server/cafe/devices.repo.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openMemoryPglite } from '../../server/db/pglite.ts';
import { registerGuest } from '../data/guests.ts';
import { pairTablet } from '../data/sync/app-sync.ts';
import { LOCAL_LOSS_KEY } from '../data/sync/local-loss.ts';
import { STUCK_KEY, STUCK_ROUNDS } from '../data/sync/stuck.ts';
import { renderCounter } from './test-utils.tsx';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

let phone = 0;
const guest = () => ({ phone: `+7914${String(++phone).padStart(7, '0')}`, name: '', birthday: '', consent: false });

describe('counter: sync safety', () => {
  it(`says the queue is stuck only after ${STUCK_ROUNDS} rounds that left its head in place`, async () => {
    const ui = await renderCounter();
    await ui.db.settings.bulkPut([
      { key: 'token', value: 't' },
      { key: STUCK_KEY, value: { seq: 1, rounds: STUCK_ROUNDS - 1, count: 2 } },
    ]);
    await screen.findByTestId('sync-status');
    expect(screen.queryByTestId('stuck')).toBeNull();
    await ui.db.settings.put({ key: STUCK_KEY, value: { seq: 1, rounds: STUCK_ROUNDS, count: 2 } });
    expect((await screen.findByTestId('stuck')).textContent).toBe(
      'Очередь стоит: связь с сервером есть, но записи не уходят (в очереди — 2 записи). Сообщите владельцу.',
    );
  });

  it('tells the barista that the browser wiped the tablet and how many writes are lost, until dismissed', async () => {
    const ui = await renderCounter();
    await ui.db.settings.put({ key: LOCAL_LOSS_KEY, value: { kind: 'wiped', lost: 3, at: 0 } });
    expect((await screen.findByRole('alert')).textContent).toMatch(/Браузер стёр данные этого планшета\. Потеряно записей, не дошедших до сервера: 3/);
    await ui.user.click(screen.getByRole('button', { name: 'Понятно' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(await ui.db.settings.get(LOCAL_LOSS_KEY)).toBeUndefined();
  });

  it('refuses to disconnect the tablet while writes wait, naming how many; disconnects once they are sent', async () => {
    const ui = await renderCounter();
    await ui.db.settings.bulkPut([
      { key: 'token', value: 't' },
      { key: 'serverUrl', value: 'http://cafe' },
    ]);
    await registerGuest(ui.db, guest(), new Date());
    await registerGuest(ui.db, guest(), new Date());
    await ui.user.click(await screen.findByRole('button', { name: 'Планшет' }));
    await ui.user.click(screen.getByRole('button', { name: 'Отключить планшет от кофейни' }));
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Нельзя отключить: не отправлено на сервер — 2 записи, при отключении они потеряются. Дождитесь синхронизации.',
    );
    expect((await ui.db.settings.get('token'))?.value).toBe('t');
    expect(await ui.db.outbox.count()).toBe(2);

    await ui.db.outbox.clear(); // as a sync would
    await ui.user.click(screen.getByRole('button', { name: 'Отключить планшет от кофейни' }));
    await screen.findByRole('button', { name: 'Планшет не подключён' });
    expect(await ui.db.settings.get('token')).toBeUndefined();
  });

  it('revokes its token on the server when it disconnects, so the owner sees it disconnected', async () => {
    const server = await openMemoryPglite();
    await migrate(server);
    const app = createApp({ db: server, now: () => new Date() });
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => app.request(new URL(String(input)).pathname, init));
    const { code } = await createPairingCode(server, (await ensureCafe(server)).id, new Date());
    const ui = await renderCounter();
    await pairTablet(ui.db, 'http://cafe', code, 'Стойка');
    await ui.user.click(await screen.findByRole('button', { name: 'Планшет' }));
    await ui.user.click(screen.getByRole('button', { name: 'Отключить планшет от кофейни' }));
    await screen.findByRole('button', { name: 'Планшет не подключён' });
    expect(await server.query('SELECT name, revoked_at IS NOT NULL AS revoked FROM devices')).toEqual([{ name: 'Стойка', revoked: true }]);
    await server.close();
  });

  it('asks to pair again when the server no longer knows the token, and keeps the outbox through it', async () => {
    const server = await openMemoryPglite();
    await migrate(server);
    const app = createApp({ db: server, now: () => new Date() });
    vi.stubGlobal('fetch', async (input: RequestInfo | URL, init?: RequestInit) => app.request(new URL(String(input)).pathname, init));
    const ui = await renderCounter();
    await registerGuest(ui.db, guest(), new Date());
    await ui.db.settings.bulkPut([
      { key: 'token', value: 'a token a restored server never issued' },
      { key: 'lastSyncError', value: 'bad-token' },
    ]);
    expect((await screen.findByTestId('sync-status')).textContent).toMatch(/Планшет не подключён — подключите заново/);
    expect(screen.queryByRole('button', { name: 'Планшет' })).toBeNull();
    await ui.user.click(screen.getByRole('button', { name: 'Подключить заново' }));
    const { code } = await createPairingCode(server, (await ensureCafe(server)).id, new Date());
    await ui.user.type(screen.getByLabelText('Код подключения (8 цифр)'), code);
    await ui.user.click(screen.getByRole('button', { name: 'Подключить' }));
    await waitFor(async () => expect((await ui.db.settings.get('lastSyncError'))?.value).toBeNull());
    expect((await ui.db.settings.get('token'))?.value).not.toBe('a token a restored server never issued');
    expect(await ui.db.outbox.count()).toBe(1);
    await screen.findByRole('button', { name: 'Планшет' });
  });
});
