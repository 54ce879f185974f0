import { expect, it } from 'vitest';
import { newId } from '../new-id.ts';
import { PROTOCOL } from '../../shared/sync/limits.ts';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { envelope, purchase, register } from '../../tests/support/sync-helpers.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import { claimPairingCode, createPairingCode, deviceByToken } from '../cafe/devices.repo.ts';
import { applyPush, type PushHooks } from './push.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

describeOnBackends('push: what a batch changed, and the seam for work that must commit with it', ({ db }) => {
  async function tablet() {
    const cafe = await ensureCafe(db());
    const { code } = await createPairingCode(db(), cafe.id, NOW);
    const claim = await db().transaction((tx) => claimPairingCode(tx, code, 'Стойка', NOW));
    if (!claim.ok) throw new Error('claim failed');
    return (await deviceByToken(db(), claim.token))!;
  }
  const req = (mutations: ReturnType<typeof envelope>[]) => ({ protocol: PROTOCOL, deviceTime: NOW.toISOString(), mutations });

  it('returns the segment moves of the batch, and rows written in the transaction hook commit with it', async () => {
    const device = await tablet();
    await db().exec('CREATE TABLE IF NOT EXISTS hook_probe (guest_id uuid, to_segment text)');
    const hooks: PushHooks = {
      inTransaction: async (tx, { segmentChanges }) => {
        for (const c of segmentChanges) await tx.query('INSERT INTO hook_probe VALUES ($1, $2)', [c.guestId, c.to]);
      },
    };
    const g = newId();
    const result = await applyPush(db(), device, req([envelope(register(g, '+79160000001', at(-10))), envelope(purchase(g, 100, at(-5)))]), NOW, hooks);
    expect(result.segmentChanges).toEqual([{ guestId: g, from: null, to: 'newcomer' }]);
    expect(await db().query('SELECT guest_id, to_segment FROM hook_probe')).toEqual([{ guest_id: g, to_segment: 'newcomer' }]);
    // Pushed again, the batch changes nothing: no moves, no rows.
    expect((await applyPush(db(), device, req([]), NOW, hooks)).segmentChanges).toEqual([]);
  });

  it('rolls back what the hook wrote when a protocol-1 batch is refused, and what the batch wrote when the hook fails', async () => {
    const device = await tablet();
    await db().exec('CREATE TABLE IF NOT EXISTS hook_probe (guest_id uuid, to_segment text)');
    const before = await db().query('SELECT count(*)::int AS n FROM hook_probe');
    const writeProbe: PushHooks = { inTransaction: (tx) => tx.query("INSERT INTO hook_probe VALUES (NULL, 'x')").then(() => undefined) };
    const refused = [envelope(purchase(newId(), 100, at(-1)))];
    // A protocol-1 tablet cannot read per-mutation refusals: for it one refusal refuses the batch.
    await expect(applyPush(db(), device, { ...req(refused), protocol: 1 }, NOW, writeProbe)).rejects.toMatchObject({ code: 'unknown-guest' });
    expect(await db().query('SELECT count(*)::int AS n FROM hook_probe')).toEqual(before);

    const g = newId();
    const failing: PushHooks = { inTransaction: () => Promise.reject(new Error('queue full')) };
    await expect(applyPush(db(), device, req([envelope(register(g, '+79160000002', at(-3)))]), NOW, failing)).rejects.toThrow('queue full');
    expect(await db().query('SELECT id FROM guests WHERE id = $1', [g])).toEqual([]);
  });
});
