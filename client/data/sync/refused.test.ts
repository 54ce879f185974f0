// @vitest-environment jsdom
import 'fake-indexeddb/auto';
import { expect, it } from 'vitest';
import { createApp } from '../../../server/app.ts';
import { migrate } from '../../../server/db/migrate.ts';
import { openMemoryPglite } from '../../../server/db/pglite.ts';
import { newId } from '../../../server/new-id.ts';
import { formatHlc } from '../../../shared/sync/hlc.ts';
import { appTransport } from '../../../tests/sync/app-transport.ts';
import { pairTablet } from '../../../tests/support/sync-helpers.ts';
import { CounterDb } from '../db.ts';
import { registerGuest } from '../guests.ts';
import { recordPurchase } from '../purchases.ts';
import { readRefused } from './refused.ts';
import { syncOnce } from './sync-once.ts';
import type { SyncTransport } from './transport.ts';

async function tablet() {
  const server = await openMemoryPglite();
  await migrate(server);
  const app = createApp({ db: server, now: () => new Date() });
  const token = await pairTablet(app, server, new Date());
  const db = new CounterDb(`refused-${Math.random()}`);
  await db.open();
  return { server, db, transport: appTransport(() => app, token) };
}

it('sets a refused mutation aside with its reason and carries on with the writes behind it', { timeout: 120_000 }, async () => {
  const { server, db, transport } = await tablet();
  const g = await registerGuest(db, { phone: '+79120001122', name: '', birthday: '', consent: false }, new Date());
  // A write no honest counter makes (over the server's ceiling), queued between two good ones.
  const bad = {
    mutationId: newId(),
    createdAt: Date.now(),
    hlc: formatHlc({ wall: Date.now(), counter: 0, node: 't' }),
    mutation: {
      kind: 'purchase.record',
      purchaseId: newId(),
      guestId: g.id,
      purchasedAt: new Date().toISOString(),
      amount: 2e9,
      items: [],
      discount: 0,
      pointsRedeemed: 0,
    },
  } as const;
  await db.outbox.add(bad as never);
  const after = await recordPurchase(db, { guestId: g.id, amount: '300', items: [] }, new Date());

  await syncOnce(db, transport, () => new Date());
  expect(await db.outbox.count()).toBe(0);
  expect(await readRefused(db)).toEqual([
    expect.objectContaining({ mutationId: bad.mutationId, code: 'invalid', field: 'mutations.1.mutation.amount', mutation: bad.mutation }),
  ]);
  expect(await server.query('SELECT id FROM purchases WHERE guest_id = $1', [g.id])).toEqual([{ id: after.id }]);
  // The next round sends nothing again: the refused one is not retried.
  let pushes = 0;
  const counting: SyncTransport = {
    push: (r) => {
      pushes++;
      return transport.push(r);
    },
    pull: (s) => transport.pull(s),
  };
  await syncOnce(db, counting, () => new Date());
  expect(pushes).toBe(0);
});

it('stops the round instead of looping when the server answers for none of the batch', { timeout: 120_000 }, async () => {
  const { db, transport } = await tablet();
  await registerGuest(db, { phone: '+79120003344', name: '', birthday: '', consent: false }, new Date());
  let pushes = 0;
  const silent: SyncTransport = {
    push: async (r) => {
      pushes++;
      return { ...(await transport.push({ ...r, mutations: [] })), acked: [], refused: [] };
    },
    pull: (s) => transport.pull(s),
  };
  await expect(syncOnce(db, silent, () => new Date())).rejects.toMatchObject({ code: 'unanswered' });
  expect([pushes, await db.outbox.count()]).toEqual([1, 1]);
});
