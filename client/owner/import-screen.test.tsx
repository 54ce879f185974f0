// @vitest-environment jsdom
/**
 * The owner's import screen in jsdom against the real server app (in process, on an in-memory
 * PGlite): a guests CSV and a purchases file are uploaded, their columns shown as read, an
 * unrecognised column mapped by hand, a dry run listing the bad lines by number and reason
 * (nothing written), the commit with its summary equal to what the database holds, the
 * mapping remembered for the next import, and refused files explained in Russian.
 */
import { QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { ensureCafe } from '../../server/cafe/cafes.repo.ts';
import { createOwner } from '../../server/cafe/owners.repo.ts';
import type { Db } from '../../server/db/db.ts';
import { migrate } from '../../server/db/migrate.ts';
import { insertJob, storeCommitted } from '../../server/import/import-jobs.repo.ts';
import { openMemoryPglite } from '../../server/db/pglite.ts';
import { setCsrfToken } from './api.ts';
import { newQueryClient, OwnerApp } from './OwnerApp.tsx';
import { ImportJobView, pace } from './screens/import/ImportJobView.tsx';
import { useOwnerUi } from './store.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
const LIMIT = 2048;
let db: Db;
let cookie = '';

const GUESTS = [
  'Телефон;Имя;Дата регистрации',
  '+7 912 345-67-89;Анна;01.11.2026 10:00',
  '8 912 000 11 22;Борис;02.11.2026',
  'не телефон;Вера;03.11.2026',
].join('\n');
const PURCHASES = [
  'Телефон;Когда;Сумма, руб.',
  '+79123456789;20.11.2026 9:30;350,50 ₽',
  '+79120001122;21.11.26 18:00:15;1 200',
  '+79120001122;21.11.2026;-5',
].join('\n');

/** jsdom's Blob is not the server's: hand the bytes over as they are. */
const bytesOf = (blob: Blob) =>
  new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer));
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(blob);
  });

beforeAll(async () => {
  db = await openMemoryPglite();
  await migrate(db);
  const cafe = await ensureCafe(db);
  await createOwner(db, cafe.id, 'owner@cafe.ru', 'пароль-владельца');
  const app = createApp({ db, now: () => NOW, import: { dir: mkdtempSync(join(tmpdir(), 'import-screen-')), maxBytes: LIMIT } });
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    if (cookie) headers.set('cookie', cookie);
    const body = init?.body instanceof Blob ? await bytesOf(init.body) : init?.body;
    const res = await app.request(String(input), { ...init, headers, ...(body === undefined ? {} : { body }) });
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

const count = async (table: string) => Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);

async function renderImport() {
  history.replaceState(null, '', '/owner/import');
  useOwnerUi.setState({ route: { name: 'import' }, locale: 'ru' });
  const user = userEvent.setup();
  render(<OwnerApp client={newQueryClient()} />);
  await user.type(await screen.findByLabelText('Эл. почта'), 'owner@cafe.ru');
  await user.type(screen.getByLabelText('Пароль'), 'пароль-владельца');
  await user.click(screen.getByRole('button', { name: 'Войти' }));
  await screen.findByRole('heading', { name: 'Импорт базы' });
  return user;
}

const file = (text: string, name: string) => new File([text], name, { type: 'text/csv' });

describe('the owner’s import screen', () => {
  it('uploads, shows the columns as read, takes a hand-mapped column, dry-runs with bad lines and commits what it said', async () => {
    const user = await renderImport();
    await user.upload(screen.getByLabelText('Гости: Выбрать файл'), file(GUESTS, 'Гости.csv'));
    const guests = screen.getByRole('region', { name: 'Гости' });
    expect(await within(guests).findByLabelText('Столбец «Телефон»')).toHaveProperty('value', 'phone');
    expect(within(guests).getByLabelText('Столбец «Дата регистрации»')).toHaveProperty('value', 'registered_at');
    expect(within(guests).getByText('+7 912 345-67-89 · 8 912 000 11 22 · не телефон')).toBeTruthy();

    await user.upload(screen.getByLabelText('Покупки: Выбрать файл'), file(PURCHASES, 'Покупки.csv'));
    const purchases = screen.getByRole('region', { name: 'Покупки' });
    const when = await within(purchases).findByLabelText('Столбец «Когда»');
    expect(when).toHaveProperty('value', '');
    expect(within(purchases).getByRole('alert').textContent).toBe('Выберите столбец «Дата покупки»');
    expect(screen.getByRole('button', { name: 'Проверить' })).toHaveProperty('disabled', true);
    await user.selectOptions(when, 'purchased_at');
    expect(within(purchases).queryByRole('alert')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Проверить' }));
    const check = await screen.findByRole('region', { name: 'Проверка' });
    expect(within(check).getByText('Гости: 2 новых, 0 уже есть')).toBeTruthy();
    expect(within(check).getByText('Покупки: 2 новых, 0 уже есть')).toBeTruthy();
    const bad = within(check).getByRole('list', { name: '2 строки пропущены' });
    expect(
      within(bad)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Гости.csv, строка 4: не похоже на номер телефона', 'Покупки.csv, строка 4: сумма меньше нуля']);
    expect(await count('guests')).toBe(0);

    await user.click(screen.getByRole('button', { name: 'Загрузить в базу' }));
    const done = await screen.findByRole('heading', { name: 'Готово' });
    const summary = within(done.parentElement!).getByRole('status');
    expect(
      within(summary)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Добавлено гостей: 2', 'Добавлено покупок: 2', 'Уже были в базе: 0', '2 строки пропущены']);
    expect(await count('guests')).toBe(2);
    expect(await count('purchases')).toBe(2);
  });

  it('remembers the owner’s mapping for the next file with the same columns, and the same file again adds nothing', async () => {
    const user = await renderImport();
    await user.upload(screen.getByLabelText('Покупки: Выбрать файл'), file(PURCHASES, 'Покупки.csv'));
    const purchases = screen.getByRole('region', { name: 'Покупки' });
    expect(await within(purchases).findByLabelText('Столбец «Когда»')).toHaveProperty('value', 'purchased_at');
    await user.click(screen.getByRole('button', { name: 'Проверить' }));
    const check = await screen.findByRole('region', { name: 'Проверка' });
    expect(within(check).getByText('Покупки: 0 новых, 2 уже есть')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Отмена' }));
    expect(screen.queryByRole('region', { name: 'Проверка' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Проверить' })).toHaveProperty('disabled', false);
    expect(await count('purchases')).toBe(2);
  });

  it('explains a refused file in the owner’s words: not a table (told by its bytes, not its name), over the limit, no phone column', async () => {
    const user = await renderImport();
    const input = screen.getByLabelText('Гости: Выбрать файл');
    const guests = screen.getByRole('region', { name: 'Гости' });
    await user.upload(input, new File([new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0])], 'фото.csv'));
    expect((await within(guests).findByRole('alert')).textContent).toBe('Это не CSV и не Excel (.xlsx)');
    await user.upload(input, file(`phone,name,registered_at\n${'+79123456789,A,2026-11-01\n'.repeat(LIMIT / 20)}`, 'big.csv'));
    await waitFor(() => expect(within(guests).getByRole('alert').textContent).toBe('Файл слишком большой'));
    await user.upload(input, file('Имя;Город\nАнна;Пермь\n', 'x.csv'));
    await waitFor(() => expect(within(guests).getByRole('alert').textContent).toBe('Нет строки заголовков со столбцом телефона'));
    expect(screen.getByRole('button', { name: 'Проверить' })).toHaveProperty('disabled', true);
  });
});

describe('an import the server did not finish', () => {
  it('tells the owner what was written and to import the same files again', async () => {
    const cafe = await ensureCafe(db);
    const progress = { kind: 'purchases' as const, rows: 50_000, bytesRead: 1, totalBytes: 2, totalRows: 70_000 };
    // Stored as running, and no job of this process runs it: the server was restarted mid-import.
    await insertJob(db, cafe.id, { id: 'job-cut-00001', startedAt: NOW, progress });
    await storeCommitted(db, cafe.id, 'job-cut-00001', { guests: 20_000, purchases: 50_000 }, progress, NOW);
    await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@cafe.ru', password: 'пароль-владельца' }),
    });
    useOwnerUi.setState({ locale: 'ru' });
    render(
      <QueryClientProvider client={newQueryClient()}>
        <ImportJobView id="job-cut-00001" onAgain={() => undefined} />
      </QueryClientProvider>,
    );
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Сервер перезапустился во время импорта. Уже записано: гостей — 20\u00a0000, покупок — 50\u00a0000. Загрузите те же файлы снова: импорт допишет остальное, ничего не задвоится.',
    );
    expect(screen.getByRole('button', { name: 'Импортировать ещё' })).toBeTruthy();
  });
});

describe('the import’s pace', () => {
  const job = (elapsedMs: number, bytesRead: number, totalBytes: number, totalRows: number) =>
    ({
      id: 'j',
      state: 'running',
      startedAt: NOW.toISOString(),
      elapsedMs,
      progress: { kind: 'purchases', rows: totalRows, bytesRead, totalBytes, totalRows },
      committed: { guests: 0, purchases: 0 },
    }) as const;

  it('gives rows per second and the time left from the share of the file read', () => {
    expect(pace(job(10_000, 250, 1000, 50_000))).toEqual({ fraction: 0.25, perSecond: 5000, secondsLeft: 30 });
  });

  it('says nothing of the time left before the first report and after the last byte', () => {
    expect(pace(job(0, 0, 0, 0))).toEqual({ fraction: 0, perSecond: 0, secondsLeft: null });
    expect(pace(job(4000, 1000, 1000, 100))).toEqual({ fraction: 1, perSecond: 25, secondsLeft: null });
  });
});
