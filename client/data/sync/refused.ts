/**
 * Mutations the server refused for good (invalid, or an id it holds with other content): set
 * aside out of the outbox so the writes behind them still go up, and kept — what, why, when —
 * for the status bar's "not accepted" list and for the owner's review. Kept in the settings
 * store (no schema change), the newest KEEP of them.
 */
import type { Mutation } from '../../../shared/sync/mutations.ts';
import type { Refusal } from '../../../shared/sync/protocol.ts';
import type { CounterDb } from '../db.ts';

export interface RefusedMutation {
  mutationId: string;
  mutation: Mutation;
  createdAt: number;
  code: string;
  message: string;
  field: string | null;
  refusedAt: number;
}

export const REFUSED_KEY = 'refusedMutations';
const KEEP = 500;

export async function readRefused(db: CounterDb): Promise<RefusedMutation[]> {
  return ((await db.settings.get(REFUSED_KEY))?.value as RefusedMutation[] | undefined) ?? [];
}

/** Moves the refused mutations out of the outbox into the set-aside list, in one transaction. */
export async function setAside(db: CounterDb, refused: readonly Refusal[], now: Date): Promise<void> {
  if (!refused.length) return;
  const why = new Map(refused.map((r) => [r.mutationId, r]));
  await db.transaction('rw', [db.outbox, db.settings], async () => {
    const rows = await db.outbox
      .where('mutationId')
      .anyOf([...why.keys()])
      .toArray();
    const aside = rows.map((row): RefusedMutation => {
      const r = why.get(row.mutationId)!;
      return {
        mutationId: row.mutationId,
        mutation: row.mutation,
        createdAt: row.createdAt,
        code: r.code,
        message: r.message,
        field: r.field ?? null,
        refusedAt: now.getTime(),
      };
    });
    await db.settings.put({ key: REFUSED_KEY, value: [...(await readRefused(db)), ...aside].slice(-KEEP) });
    await db.outbox.bulkDelete(rows.map((r) => r.seq!));
  });
}
