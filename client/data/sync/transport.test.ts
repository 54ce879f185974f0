import { expect, it } from 'vitest';
import { createApp } from '../../../server/app.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { openMemoryPglite } from '../../../server/db/pglite.ts';
import { PROTOCOL } from '../../../shared/sync/limits.ts';
import { pairTablet } from '../../../tests/support/sync-helpers.ts';
import { messages } from '../../i18n/messages.ts';
import { httpTransport, SyncHttpError } from './transport.ts';

/** The real app behind a fetch that makes the tablet speak `protocol` instead of its own. */
async function tabletSpeaking(protocol: number) {
  const db = await openMemoryPglite();
  await migrate(db);
  const app = createApp({ db, now: () => new Date() });
  const token = await pairTablet(app, db, new Date());
  return httpTransport('', token, async (path, init) => {
    const body = init?.body ? JSON.stringify({ ...JSON.parse(String(init.body)), protocol }) : undefined;
    return app.request(path.replace(`protocol=${PROTOCOL}`, `protocol=${protocol}`), { ...init, body });
  });
}

it('a tablet newer than its server stops retrying (426) and the status bar says to update the app', async () => {
  const transport = await tabletSpeaking(PROTOCOL + 1);
  for (const call of [() => transport.pull('0'), () => transport.push({ protocol: PROTOCOL, deviceTime: new Date().toISOString(), mutations: [] })]) {
    const e = await call().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SyncHttpError);
    expect(e).toMatchObject({ status: 426, code: 'protocol-unsupported', fatal: true });
  }
  // The loop stores the code as lastSyncError; the status bar shows this line for it.
  expect(messages.ru.syncProblems['protocol-unsupported']).toMatch(/Обновите приложение/);
  expect(messages.en.syncProblems['protocol-unsupported']).toMatch(/Update the app/);
});

it('a tablet speaking the server’s version syncs', async () => {
  const transport = await tabletSpeaking(PROTOCOL);
  await expect(transport.pull('0')).resolves.toMatchObject({ protocol: PROTOCOL });
});
