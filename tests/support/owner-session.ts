import { ensureCafe } from '../../server/cafe/cafes.repo.ts';
import { createOwner } from '../../server/cafe/owners.repo.ts';
import type { Db } from '../../server/db/db.ts';
import type { App } from './sync-helpers.ts';

export const OWNER_PASSWORD = 'пароль-владельца';

/** A new owner of the café, logged in to `app`: calls the API as them, with the session cookie and the CSRF token. */
export async function ownerSession(app: App, db: Db, email: string) {
  await createOwner(db, (await ensureCafe(db)).id, email, OWNER_PASSWORD);
  const login = await app.request('/api/auth/login', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: OWNER_PASSWORD }),
  });
  if (login.status !== 200) throw new Error(`login failed: ${login.status} ${await login.text()}`);
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return (method: string, path: string, body?: unknown) =>
    app.request(path, {
      method,
      headers: { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}
