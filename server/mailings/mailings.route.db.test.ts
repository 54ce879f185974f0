import { expect, it } from 'vitest';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { phones, seedGuests } from '../../tests/support/mailing-cafe.ts';
import { createApp } from '../app.ts';
import { createOwner } from '../cafe/owners.repo.ts';

const NOW = new Date('2026-11-20T09:00:00Z');

describeOnBackends("the owner's mailing API", ({ db }) => {
  const app = () => createApp({ db: db(), now: () => NOW, mailings: { env: { MESSAGES_LOG: '/dev/null' } } });
  async function owner() {
    const res = await app().request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'owner@cafe.ru', password: 'пароль-владельца' }),
    });
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    return async (method: string, path: string, body?: unknown) => {
      const r = await app().request(path, {
        method,
        headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: r.status, body: (await r.json()) as Record<string, unknown> & { error?: { code: string; field?: string } } };
    };
  }

  it('refuses bad input with a 4xx naming the field', async () => {
    const { cafe } = await seedGuests(
      db(),
      phones(3, 3000).map((phone) => ({ phone, registeredAt: new Date('2026-11-19T09:00:00Z') })),
      NOW,
    );
    await createOwner(db(), cafe.id, 'owner@cafe.ru', 'пароль-владельца');
    const call = await owner();
    const draft = { segments: ['newcomer'], text: 'Привет, {name}!', holdoutPercent: 10 };
    const cases: [unknown, number, string, string][] = [
      [{ ...draft, text: '' }, 400, 'template-invalid', 'text'],
      [{ ...draft, text: 'Привет, {imya}!' }, 400, 'template-invalid', 'text'],
      [{ ...draft, text: 'До {date} осталось' }, 400, 'template-invalid', 'text'],
      [{ ...draft, segments: [] }, 400, 'invalid', 'segments'],
      [{ ...draft, segments: ['nosuch'] }, 404, 'unknown-segment', 'segments'],
      [{ ...draft, holdoutPercent: 60 }, 400, 'invalid', 'holdoutPercent'],
      [{ ...draft, channel: 'sms' }, 422, 'channel-not-configured', 'channel'],
      [{ ...draft, sendAt: '2026-11-20T08:00:00Z' }, 400, 'send-at-past', 'sendAt'],
      [{ ...draft, minBalance: -1 }, 400, 'invalid', 'minBalance'],
      [{ ...draft, minBalance: 1.5 }, 400, 'invalid', 'minBalance'],
      [{ ...draft, tiers: [] }, 400, 'invalid', 'tiers'],
      [{ ...draft, tiers: ['gold'] }, 400, 'invalid', 'tiers'],
    ];
    for (const [body, status, code, field] of cases) {
      const r = await call('POST', '/api/mailings', body);
      expect([body, r.status, r.body.error?.code, r.body.error?.field]).toEqual([body, status, code, field]);
    }
    const settings = (await call('GET', '/api/mailings/settings')).body;
    const bad = await call('PUT', '/api/mailings/settings', { ...settings, secrets: { smsWebhookUrl: 'ftp://gateway.example/send' } });
    expect([bad.status, bad.body.error?.field]).toEqual([400, 'secrets.smsWebhookUrl']);
    const notConfigured = await call('PUT', '/api/mailings/settings', { ...settings, channelOrder: ['email'] });
    expect([notConfigured.status, notConfigured.body.error?.code]).toEqual([422, 'channel-not-configured']);
    expect((await db().query<{ n: number }>('SELECT count(*)::int AS n FROM mailings'))[0]!.n).toBe(0);
  });

  it('keeps secrets on the server: saved, reported as set, never sent back', async () => {
    const call = await owner();
    const settings = (await call('GET', '/api/mailings/settings')).body;
    const { configured: _c, secretsSet: _s, pointsAvailable: _p, ...put } = settings;
    const saved = await call('PUT', '/api/mailings/settings', {
      ...put,
      channelOrder: ['sms'],
      secrets: { smsWebhookUrl: 'https://sms.example/send?key=SECRET' },
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ channelOrder: ['sms'], configured: ['log', 'sms'], secretsSet: { smsWebhookUrl: true, telegramBotToken: false } });
    expect(JSON.stringify((await call('GET', '/api/mailings/settings')).body)).not.toContain('SECRET');
    const cleared = await call('PUT', '/api/mailings/settings', { ...put, channelOrder: ['log'], secrets: { smsWebhookUrl: '' } });
    expect(cleared.body).toMatchObject({ configured: ['log'], secretsSet: { smsWebhookUrl: false } });
  });

  it('previews, queues, lists and reports a mailing', async () => {
    const call = await owner();
    const draft = { segments: ['newcomer'], text: 'Привет, {name}!', holdoutPercent: 0 };
    const preview = await call('POST', '/api/mailings/preview', draft);
    expect(preview.body).toMatchObject({ counts: { inSegments: 3, eligible: 3, queued: 3 }, previews: [{ channel: 'log', text: 'Привет!', smsParts: null }] });
    const created = await call('POST', '/api/mailings', draft);
    expect(created.body).toMatchObject({ counts: { queued: 3 }, skippedByCap: 0 });
    const list = await call('GET', '/api/mailings');
    expect((list.body.mailings as { id: string }[]).map((m) => m.id)).toEqual([created.body.id]);
    const detail = await call('GET', `/api/mailings/${created.body.id as string}`);
    expect(detail.body).toMatchObject({ status: { queued: 3 }, report: { status: { queued: 3 }, uplift: { verdict: 'no-comparison' } } });
    expect((await call('GET', '/api/mailings/00000000-0000-7000-8000-000000000000')).body.error).toMatchObject({ code: 'unknown-mailing' });
    const scenarios = await call('GET', '/api/scenarios');
    expect((scenarios.body.scenarios as { id: string; enabled: boolean }[]).map((s) => [s.id, s.enabled])).toEqual([
      ['win-back', false],
      ['newcomer', false],
      ['birthday', false],
      ['anniversary', false],
      ['points-expiring', false],
    ]);
    const on = await call('PUT', '/api/scenarios/win-back', {
      enabled: true,
      text: '{name}, мы скучаем!',
      holdoutPercent: 10,
      cooldownDays: 60,
      segment: 'leaving',
    });
    expect(on.body).toMatchObject({ id: 'win-back', enabled: true, segment: 'leaving' });
    const expiring = await call('PUT', '/api/scenarios/points-expiring', { enabled: true, text: '{expiring}', holdoutPercent: 10, cooldownDays: 0 });
    expect(expiring.body).toMatchObject({ id: 'points-expiring', enabled: true });
  });
});
