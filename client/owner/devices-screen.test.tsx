// @vitest-environment jsdom
// The owner's tablets screen against the real app (in process, PGlite): unsent writes each tablet
// reported, revoking one that holds some (a second step that names them), and a pairing code
// withdrawn after too many wrong codes shown as such.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { ensureCafe } from '../../server/cafe/cafes.repo.ts';
import { PAIRING_CODE_MAX_MISSES } from '../../server/cafe/devices.repo.ts';
import { createOwner } from '../../server/cafe/owners.repo.ts';
import type { Db } from '../../server/db/db.ts';
import { migrate } from '../../server/db/migrate.ts';
import { openMemoryPglite } from '../../server/db/pglite.ts';
import { PROTOCOL } from '../../shared/sync/protocol.ts';
import { newSyncEpochs } from '../../server/sync/epoch.ts';
import { pairTablet } from '../../tests/support/sync-helpers.ts';
import { setCsrfToken } from './api.ts';
import { newQueryClient, OwnerApp } from './OwnerApp.tsx';
import { CODE_POLL_MS } from './screens/PairingCodeCard.tsx';
import { useOwnerUi } from './store.ts';

let db: Db;
let app: ReturnType<typeof createApp>;
let cookie = '';

beforeAll(async () => {
  db = await openMemoryPglite();
  await migrate(db);
  await createOwner(db, (await ensureCafe(db)).id, 'owner@cafe.ru', 'пароль-владельца');
  app = createApp({ db, now: () => new Date() });
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    if (cookie) headers.set('cookie', cookie);
    const res = await app.request(String(input), { ...init, headers });
    const set = res.headers.get('set-cookie');
    if (set) cookie = /Max-Age=0/i.test(set) ? '' : set.split(';')[0]!;
    return res;
  }) as typeof fetch;
}, 60_000);
afterAll(() => db?.close());
afterEach(() => {
  cleanup();
  cookie = '';
  setCsrfToken(null);
});

async function openDevices() {
  history.replaceState(null, '', '/owner/devices');
  useOwnerUi.setState({ route: { name: 'devices' }, locale: 'ru' });
  const user = userEvent.setup();
  render(<OwnerApp client={newQueryClient()} />);
  await user.type(await screen.findByLabelText('Эл. почта'), 'owner@cafe.ru');
  await user.type(screen.getByLabelText('Пароль'), 'пароль-владельца');
  await user.click(screen.getByRole('button', { name: 'Войти' }));
  await screen.findByRole('heading', { name: 'Планшеты на стойке' });
  return user;
}

/** A tablet that says, with a pull, how many writes wait in its outbox. */
const report = async (token: string, outbox: number) =>
  expect((await app.request(`/api/sync/pull?since=0&protocol=${PROTOCOL}&outbox=${outbox}`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(
    200,
  );
const row = async (name: string) => (await screen.findByText(name)).closest('li')!;

it('shows the unsent writes a tablet reported, and revokes it only through a second step that names them', async () => {
  await report(await pairTablet(app, db, new Date(), 'Стойка А'), 3);
  const user = await openDevices();
  const tablet = await row('Стойка А');
  expect(within(tablet).getByTestId('device-unsent').textContent).toMatch(/^3 записи не отправлено \(на /);
  await user.click(within(tablet).getByRole('button', { name: 'Отключить' }));
  const step = within(tablet).getByRole('alertdialog');
  expect(step.textContent).toMatch(/не отправлено на сервер записей: 3\. Если отключить его сейчас, эти записи будут потеряны навсегда/);
  await user.click(within(step).getByRole('button', { name: 'Не отключать' }));
  expect(within(tablet).queryByRole('alertdialog')).toBeNull();
  await user.click(within(tablet).getByRole('button', { name: 'Отключить' }));
  await user.click(within(tablet).getByRole('button', { name: 'Отключить и потерять записи (3)' }));
  await waitFor(() => expect(within(tablet).getByText('отключён')).toBeTruthy());
});

it('a tablet that reported writes after the list was shown: the server refuses, and the second step comes up with the count', async () => {
  const token = await pairTablet(app, db, new Date(), 'Стойка Б');
  await report(token, 0);
  const user = await openDevices();
  const tablet = await row('Стойка Б');
  expect(within(tablet).queryByTestId('device-unsent')).toBeNull();
  await report(token, 2);
  window.confirm = () => true;
  await user.click(within(tablet).getByRole('button', { name: 'Отключить' }));
  await waitFor(() => expect(within(tablet).getByRole('button', { name: 'Отключить и потерять записи (2)' })).toBeTruthy());
  expect(within(tablet).queryByText('отключён')).toBeNull();
});

it(`shows a pairing code as withdrawn once ${PAIRING_CODE_MAX_MISSES} wrong codes were tried, instead of as live`, async () => {
  const user = await openDevices();
  await user.click(screen.getByRole('button', { name: 'Подключить планшет' }));
  expect((await screen.findByTestId('pairing-code')).textContent).toMatch(/^\d{4} \d{4}$/);
  for (let i = 0; i < PAIRING_CODE_MAX_MISSES; i++)
    await app.request('/api/devices/claim', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code: `7${String(i).padStart(7, '0')}`, name: 'Чужой' }),
    });
  // The card asks again every CODE_POLL_MS.
  await waitFor(() => expect(screen.getByTestId('pairing-code-state').textContent).toMatch(/Код отозван/), { timeout: CODE_POLL_MS * 3 });
  expect(screen.queryByTestId('pairing-code')).toBeNull();
}, 30_000);

it('says when the data was restored from a backup, and which tablets have not synced since (they hold what it lacks)', async () => {
  await report(await pairTablet(app, db, new Date(), 'Касса до копии'), 0);
  const [seen] = await db.query<{ at: Date }>("SELECT outbox_reported_at AS at FROM devices WHERE name = 'Касса до копии'");
  await db.transaction((tx) => newSyncEpochs(tx, new Date(seen!.at.getTime() + 1)));
  await report(await pairTablet(app, db, new Date(), 'Касса после копии'), 0);
  await openDevices();
  expect((await screen.findByTestId('restored')).textContent).toMatch(/^Данные восстановлены из резервной копии .+\. Планшеты досылают то, чего в копии нет/);
  expect(within(await row('Касса до копии')).getByTestId('device-not-since-restore').textContent).toMatch(/^ещё не синхронизировался после восстановления/);
  expect(within(await row('Касса после копии')).queryByTestId('device-not-since-restore')).toBeNull();
});
