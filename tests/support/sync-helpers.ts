/** Test helpers: a paired tablet talking to the in-process app, and envelopes to push. */
import { newId } from '../../server/new-id.ts';
import type { Mutation } from '../../shared/sync/mutations.ts';
import { formatHlc } from '../../shared/sync/hlc.ts';
import { PROTOCOL, type Envelope, type PullResponse, type PushResponse } from '../../shared/sync/protocol.ts';
import { createApp } from '../../server/app.ts';
import type { Db } from '../../server/db/db.ts';
import { createPairingCode } from '../../server/cafe/devices.repo.ts';
import { ensureCafe } from '../../server/cafe/cafes.repo.ts';

export function testApp(db: Db, now: () => Date) {
  return createApp({ db, now });
}

export type App = ReturnType<typeof testApp>;

export async function pairTablet(app: App, db: Db, now: Date, name = 'Стойка'): Promise<string> {
  const cafe = await ensureCafe(db);
  const { code } = await createPairingCode(db, cafe.id, now);
  const res = await app.request('/api/devices/claim', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code, name }),
  });
  if (res.status !== 200) throw new Error(`claim failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { token: string }).token;
}

/** When a mutation says it happened: its envelope's default time, so a test on a fixed clock stays on it. */
function momentOf(m: Mutation): Date | null {
  const at = 'registeredAt' in m ? m.registeredAt : 'purchasedAt' in m ? m.purchasedAt : 'voidedAt' in m ? m.voidedAt : 'givenAt' in m ? m.givenAt : null;
  return at ? new Date(at) : null;
}

/** The stamp's wall is the envelope's time (the server refuses one far ahead of its clock); the counter keeps stamps apart. */
let counter = 0;
export function envelope(mutation: Mutation, at = momentOf(mutation) ?? new Date(), node = 'test'): Envelope {
  const hlc = formatHlc({ wall: at.getTime(), counter: ++counter, node });
  return { mutationId: newId(), at: at.toISOString(), hlc, mutation };
}

export async function push(
  app: App,
  token: string,
  mutations: Envelope[],
  deviceTime = new Date(),
): Promise<{ status: number; body: PushResponse & { error?: { code: string; field?: string } } }> {
  const res = await app.request('/api/sync/push', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ protocol: PROTOCOL, deviceTime: deviceTime.toISOString(), mutations }),
  });
  return { status: res.status, body: (await res.json()) as never };
}

export async function pullAll(app: App, token: string, since = '0'): Promise<PullResponse[]> {
  const pages: PullResponse[] = [];
  let cursor = since;
  for (;;) {
    const res = await app.request(`/api/sync/pull?since=${cursor}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status !== 200) throw new Error(`pull failed: ${res.status} ${await res.text()}`);
    const page = (await res.json()) as PullResponse;
    pages.push(page);
    cursor = page.cursor;
    if (!page.more) return pages;
  }
}

export const register = (guestId: string, phone: string, registeredAt: Date, name: string | null = null): Mutation => ({
  kind: 'guest.register',
  guestId,
  phone,
  name,
  birthday: null,
  consent: { granted: false, at: registeredAt.toISOString() },
  registeredAt: registeredAt.toISOString(),
});

export const purchase = (guestId: string, amount: number, at: Date, purchaseId: string = newId()): Mutation => ({
  kind: 'purchase.record',
  purchaseId,
  guestId,
  purchasedAt: at.toISOString(),
  amount,
  items: [],
  discount: 0,
  pointsRedeemed: 0,
});
