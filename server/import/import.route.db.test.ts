import { mkdtempSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it, vi } from 'vitest';
import type { ImportJob, ImportResult, UploadPreview } from '../../shared/api/import.ts';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { pairTablet } from '../../tests/support/sync-helpers.ts';
import { createApp } from '../app.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import { createOwner } from '../cafe/owners.repo.ts';
import { wall, writeWorkbook } from './xlsx-test-files.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
const LIMIT = 64 * 1024;

const GUESTS_CSV = [
  'Телефон;Имя;Дата регистрации;Баллы',
  '+7 912 345-67-89;Анна;01.11.2026 10:00;150',
  '8 (912) 000-11-22;Борис;02.11.2026;0',
  'не телефон;Вера;03.11.2026;0',
  '89123456789;Анна снова;04.11.2026;0',
  '+79125550000;Глеб;31.02.2026;0',
].join('\r\n');

describeOnBackends('the owner’s import over HTTP', ({ db }) => {
  const dir = mkdtempSync(join(tmpdir(), 'import-route-'));
  // One app for the suite: its import jobs live in it.
  let made: ReturnType<typeof createApp> | undefined;
  const app = () => (made ??= createApp({ db: db(), now: () => NOW, import: { dir, maxBytes: LIMIT } }));
  let owner = { cookie: '', csrf: '' };
  const headers = () => ({ cookie: owner.cookie, 'x-csrf-token': owner.csrf });
  const send = (kind: string, name: string, body: string | Uint8Array<ArrayBuffer>) =>
    app().request(`/api/import/uploads?kind=${kind}&name=${encodeURIComponent(name)}`, {
      method: 'POST',
      headers: { ...headers(), 'content-type': 'application/octet-stream' },
      body,
    });
  const post = (path: string, body: unknown) =>
    app().request(path, { method: 'POST', headers: { ...headers(), 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const count = async (table: string) => Number((await db().query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`))[0]!.n);
  const commitAndWait = async (body: unknown): Promise<ImportJob> => {
    const res = await post('/api/import/commit', body);
    expect(res.status).toBe(202);
    const started = (await res.json()) as ImportJob;
    return vi.waitFor(
      async () => {
        const job = (await (await app().request(`/api/import/jobs/${started.id}`, { headers: headers() })).json()) as ImportJob;
        if (job.state === 'running') throw new Error('still running');
        return job;
      },
      { timeout: 10_000, interval: 20 },
    );
  };

  it('documents every import route as owner-only, closed to no session (401) and to tablets (403)', async () => {
    const cafe = await ensureCafe(db());
    await createOwner(db(), cafe.id, 'owner@cafe.ru', 'пароль-владельца');
    const openapi = (await (await app().request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, { security: object[] }>> };
    const routes = Object.entries(openapi.paths)
      .filter(([path]) => path.startsWith('/api/import/'))
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => [`${method.toUpperCase()} ${path}`, op.security]));
    expect(routes).toEqual(
      ['POST /api/import/uploads', 'GET /api/import/uploads/{id}', 'POST /api/import/dry-run', 'POST /api/import/commit', 'GET /api/import/jobs/{id}'].map(
        (r) => [r, [{ owner: [] }]],
      ),
    );
    const token = await pairTablet(app(), db(), NOW);
    for (const [route] of routes) {
      const [method, path] = (route as string).split(' ') as [string, string];
      const url = path.replace('{id}', 'abcdefgh12');
      expect([route, (await app().request(url, { method })).status]).toEqual([route, 401]);
      expect([route, (await app().request(url, { method, headers: { authorization: `Bearer ${token}` } })).status]).toEqual([route, 403]);
    }
    const login = await app().request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@cafe.ru', password: 'пароль-владельца' }),
    });
    owner = { cookie: login.headers.get('set-cookie')!.split(';')[0]!, csrf: ((await login.json()) as { csrfToken: string }).csrfToken };
  });

  it('previews an upload: Russian headers mapped, the first rows as read', async () => {
    const res = await send('guests', 'Гости.csv', GUESTS_CSV);
    expect(res.status).toBe(200);
    const preview = (await res.json()) as UploadPreview;
    expect(preview).toMatchObject({
      kind: 'guests',
      name: 'Гости.csv',
      format: 'csv',
      header: ['Телефон', 'Имя', 'Дата регистрации', 'Баллы'],
      headerLine: 1,
      mapping: ['phone', 'name', 'registered_at', 'balance'],
    });
    expect(preview.sample.map((r) => r.line)).toEqual([2, 3, 4, 5, 6]);
    expect(preview.sample[0]!.cells).toEqual(['+7 912 345-67-89', 'Анна', '01.11.2026 10:00', '150']);
    const again = (await (await app().request(`/api/import/uploads/${preview.upload}`, { headers: headers() })).json()) as UploadPreview;
    expect(again).toEqual(preview);
  });

  it('refuses a file over the limit with 413 JSON naming the file, and keeps nothing of it', async () => {
    const before = readdirSync(dir).length;
    const res = await send('guests', 'big.csv', `phone,name,registered_at\n${'+79123456789,A,2026-11-01\n'.repeat(LIMIT / 20)}`);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'file-too-large', field: 'file' } });
    expect(readdirSync(dir).length).toBe(before);
  });

  it('accepts a file of exactly the limit', async () => {
    const header = 'phone,name,registered_at\n';
    const res = await send('guests', 'edge.csv', `${header}${' '.repeat(LIMIT - header.length - 1)}\n`);
    expect(res.status).toBe(200);
  });

  it('refuses a file that is neither CSV nor .xlsx, a CSV with no phone column and one in Windows-1251, saying why', async () => {
    const binary = await send('guests', 'photo.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0, 0, 0]));
    expect(binary.status).toBe(422);
    expect(await binary.json()).toMatchObject({ error: { code: 'not-a-table', field: 'guests' } });
    const noPhone = await send('guests', 'x.csv', 'Имя;Город\nАнна;Пермь\n');
    expect(noPhone.status).toBe(422);
    expect(await noPhone.json()).toMatchObject({ error: { code: 'no-header', field: 'guests' } });
    // «Телефон;Имя» as Russian Excel's plain "CSV" saves it: refused with the encoding named, not guessed at.
    const cp1251 = await send('guests', 'win.csv', new Uint8Array(Buffer.from('Òåëåôîí;Èìÿ;Äàòà ðåãèñòðàöèè\n+79123456789;Àííà;01.11.2026\n', 'latin1')));
    expect(cp1251.status).toBe(422);
    const refusal = (await cp1251.json()) as { error: { code: string; message: string } };
    expect(refusal.error.code).toBe('encoding-not-utf8');
    expect(refusal.error.message).toContain('Windows-1251');
  });

  it('dry-runs with every bad line by number and reason, phones masked, writing nothing', async () => {
    const guests = (await (await send('guests', 'Гости.csv', GUESTS_CSV)).json()) as UploadPreview;
    const res = await post('/api/import/dry-run', { guests: { upload: guests.upload } });
    expect(res.status).toBe(200);
    const result = (await res.json()) as ImportResult;
    expect(result.summary).toMatchObject({ dryRun: true, guests: { rows: 5, added: 2, alreadyStored: 0, duplicates: 1, bad: 2, openingBalance: 150 } });
    expect(result.problems.map((p) => [p.kind, p.file, p.line, p.code])).toEqual([
      ['guests', 'Гости.csv', 4, 'phone-invalid'],
      ['guests', 'Гости.csv', 5, 'duplicate-phone'],
      ['guests', 'Гости.csv', 6, 'date-not-real'],
    ]);
    expect(result.problemCount).toBe(3);
    expect(JSON.stringify(result)).not.toMatch(/9123456789|9125550000/);
    expect(await count('guests')).toBe(0);
  });

  it('refuses a mapping with two columns for one field, naming the mapping, and an upload it does not have', async () => {
    const guests = (await (await send('guests', 'Гости.csv', GUESTS_CSV)).json()) as UploadPreview;
    const twice = await post('/api/import/dry-run', { guests: { upload: guests.upload, mapping: ['phone', 'name', 'registered_at', 'name'] } });
    expect(twice.status).toBe(422);
    expect(await twice.json()).toMatchObject({ error: { code: 'mapping-invalid', field: 'guests.mapping' } });
    const unknown = await post('/api/import/dry-run', { purchases: { upload: 'nosuchupload1' } });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'unknown-upload', field: 'purchases.upload' } });
    const wrongKind = await post('/api/import/dry-run', { purchases: { upload: guests.upload } });
    expect(wrongKind.status).toBe(404);
    const none = await post('/api/import/dry-run', {});
    expect(none.status).toBe(400);
    expect(await count('guests')).toBe(0);
  });

  it('commits a guests CSV and a purchases .xlsx with a re-mapped column; the counts are what the database holds, and a second commit adds nothing', async () => {
    const guests = (await (await send('guests', 'Гости.csv', GUESTS_CSV)).json()) as UploadPreview;
    const path = await writeWorkbook((wb) => {
      const ws = wb.addWorksheet('Продажи');
      ws.addRow(['Телефон', 'Когда', 'Итого', 'Комментарий']);
      ws.addRow(['+79123456789', wall('2026-11-20 09:30'), 350.5, 'кофе']);
      ws.addRow(['+79120001122', wall('2026-11-21 18:00'), '1 200,00 ₽']);
      ws.addRow(['+79127778899', wall('2026-11-21 19:00'), -5]);
    });
    const purchases = (await (await send('purchases', 'Продажи.xlsx', new Uint8Array(await readFile(path)))).json()) as UploadPreview;
    expect(purchases).toMatchObject({ format: 'xlsx', sheet: 'Продажи', mapping: ['phone', null, 'amount', null] });
    const body = { guests: { upload: guests.upload }, purchases: { upload: purchases.upload, mapping: ['phone', 'purchased_at', 'amount', null] } };

    const first = await commitAndWait(body);
    expect(first.state).toBe('done');
    expect(first.result!.summary).toMatchObject({ dryRun: false, guests: { added: 2, bad: 2 }, purchases: { rows: 3, added: 2, bad: 1 } });
    expect(first.result!.problems.find((p) => p.kind === 'purchases')).toMatchObject({ file: 'Продажи.xlsx', line: 4, code: 'amount-negative' });
    expect(await count('guests')).toBe(2);
    expect(await count('purchases')).toBe(2);
    const amounts = await db().query<{ amount: string }>('SELECT amount FROM purchases ORDER BY amount');
    expect(amounts.map((r) => Number(r.amount))).toEqual([35_050, 120_000]);

    const second = await commitAndWait(body);
    expect(second.result!.summary).toMatchObject({ guests: { added: 0, alreadyStored: 2 }, purchases: { added: 0, alreadyStored: 2 } });
    expect(await count('guests')).toBe(2);
    expect(await count('purchases')).toBe(2);
  });

  it('refuses a commit whose mapping cannot be imported before any job starts', async () => {
    const guests = (await (await send('guests', 'Гости.csv', GUESTS_CSV)).json()) as UploadPreview;
    const res = await post('/api/import/commit', { guests: { upload: guests.upload, mapping: [null, 'name', 'registered_at', null] } });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ error: { code: 'mapping-invalid', field: 'guests.mapping' } });
    expect(await count('guests')).toBe(2);
  });
});
