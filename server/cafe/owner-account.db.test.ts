import { expect, it } from 'vitest';
import type { AuthState } from '../../shared/api/auth.ts';
import type { Onboarding } from '../../shared/api/onboarding.ts';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { envelope, pairTablet, push, register } from '../../tests/support/sync-helpers.ts';
import { createApp } from '../app.ts';
import { runCli } from '../cli/main.ts';
import { sharedDb } from '../cli/context.ts';
import { newId } from '../new-id.ts';
import { ensureCafe } from './cafes.repo.ts';
import { createOwner, createResetToken, RESET_TOKEN_TTL_MS } from './owners.repo.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
const jsonPost = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describeOnBackends("the owner's account: who is here, a forgotten password, first steps", ({ db }) => {
  let clock = NOW;
  const app = () => createApp({ db: db(), now: () => clock });
  const login = (password: string) => app().request('/api/auth/login', jsonPost({ email: 'owner@cafe.ru', password }));
  const cookieOf = (res: Response) => res.headers.get('set-cookie')!.split(';')[0]!;

  it('answers who is here with a 200 either way: no owner yet, no session, a session', async () => {
    const state = async (headers: Record<string, string> = {}) => {
      const res = await app().request('/api/auth/state', { headers });
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toBe('no-store');
      return (await res.json()) as AuthState;
    };
    expect(await state()).toEqual({ ownerExists: false, session: null });
    const cafe = await ensureCafe(db());
    await createOwner(db(), cafe.id, 'owner@cafe.ru', 'старый-пароль');
    expect(await state()).toEqual({ ownerExists: true, session: null });
    expect(await state({ cookie: 'owner_session=forged' })).toEqual({ ownerExists: true, session: null });
    const res = await login('старый-пароль');
    const { csrfToken } = (await res.json()) as { csrfToken: string };
    expect(await state({ cookie: cookieOf(res) })).toEqual({ ownerExists: true, session: { email: 'owner@cafe.ru', csrfToken, cafe: { name: 'Кофейня' } } });
  });

  it('resets a forgotten password through a one-time link from the CLI; every old session ends', async () => {
    const old = cookieOf(await login('старый-пароль'));
    const out: string[] = [];
    const code = await runCli(
      ['owner', 'reset-password', '--url', 'http://192.168.1.5:8787/'],
      { line: (t) => out.push(t), err: (t) => out.push(t) },
      () => NOW,
      sharedDb(db()),
    );
    expect(code).toBe(0);
    expect(out[0]).toBe('Open this one-time link to set a new password for owner@cafe.ru (valid until 2026-11-22T10:00:00.000Z, once):');
    const token = /^http:\/\/192\.168\.1\.5:8787\/owner\/reset#([\w-]+)$/.exec(out[1]!)![1]!;

    expect(await (await app().request('/api/auth/reset', jsonPost({ token, password: 'short' }))).json()).toMatchObject({
      error: { code: 'invalid', field: 'password' },
    });
    const reset = await app().request('/api/auth/reset', jsonPost({ token, password: 'новый-пароль' }));
    expect(reset.status).toBe(200);
    expect(reset.headers.get('set-cookie')).toMatch(/owner_session=.+HttpOnly.+SameSite=Strict/);
    // The old session is over; the new password logs in, the old one no longer does.
    expect((await app().request('/api/settings', { headers: { cookie: old } })).status).toBe(401);
    expect((await app().request('/api/settings', { headers: { cookie: cookieOf(reset) } })).status).toBe(200);
    expect((await login('новый-пароль')).status).toBe(200);
    expect((await login('старый-пароль')).status).toBe(401);
    // Once only.
    expect(await (await app().request('/api/auth/reset', jsonPost({ token, password: 'третий-пароль' }))).json()).toMatchObject({
      error: { code: 'reset-link-invalid', field: 'token' },
    });
  });

  it('lets a reset link expire after an hour, and a newer link replaces an unused one', async () => {
    const first = (await createResetToken(db(), 'OWNER@cafe.ru', NOW))!;
    const second = (await createResetToken(db(), undefined, NOW))!;
    expect(second.email).toBe('owner@cafe.ru');
    expect((await app().request('/api/auth/reset', jsonPost({ token: first.token, password: 'новый-пароль-2' }))).status).toBe(410);
    clock = new Date(NOW.getTime() + RESET_TOKEN_TTL_MS);
    expect((await app().request('/api/auth/reset', jsonPost({ token: second.token, password: 'новый-пароль-2' }))).status).toBe(410);
    clock = NOW;
    expect(await createResetToken(db(), 'nobody@cafe.ru', NOW)).toBeNull();
    const out: string[] = [];
    expect(
      await runCli(['owner', 'reset-password', '--email', 'nobody@cafe.ru'], { line: (t) => out.push(t), err: (t) => out.push(t) }, () => NOW, sharedDb(db())),
    ).toBe(1);
    expect(out).toEqual(['error: no owner with e-mail nobody@cafe.ru']);
  });

  it("tells the owner's first steps: a tablet, guests, the time zone", async () => {
    const cookie = cookieOf(await login('новый-пароль'));
    const steps = async () => (await (await app().request('/api/onboarding', { headers: { cookie } })).json()) as Onboarding;
    expect(await steps()).toEqual({ tablets: 0, hasGuests: false, timeZone: 'Europe/Moscow', timeZoneSet: false });
    const token = await pairTablet(app(), db(), NOW);
    await push(app(), token, [envelope(register(newId(), '+79160000009', NOW), NOW)], NOW);
    expect(await steps()).toMatchObject({ tablets: 1, hasGuests: true, timeZoneSet: false });
    await db().query("UPDATE cafes SET time_zone = 'Asia/Omsk', updated_at = created_at + interval '1 minute'");
    expect(await steps()).toMatchObject({ timeZone: 'Asia/Omsk', timeZoneSet: true });
  });
});
