/** `balances [--format table|json]`: every guest's bonus balance (0 for a guest with no entries), by phone. */
import { ensureCafe } from '../cafe/cafes.repo.ts';
import { parseFlags, UsageError } from './args.ts';
import type { CliContext } from './context.ts';

export const BALANCES_USAGE = 'balances [--format table|json]';

export async function balancesCommand(args: string[], { out, withDb }: CliContext): Promise<void> {
  const flags = parseFlags(args, { format: { type: 'string', default: 'table' } });
  if (flags.format !== 'table' && flags.format !== 'json') throw new UsageError(`unknown --format "${flags.format}" (expected table or json)`);
  await withDb(async (db) => {
    const cafe = await ensureCafe(db);
    const rows = await db.query<{ phone: string; balance: number }>(
      `SELECT g.phone, coalesce(b.balance, 0)::bigint AS balance FROM guests g
       LEFT JOIN loyalty_balances b ON b.cafe_id = g.cafe_id AND b.guest_id = g.id
       WHERE g.cafe_id = $1 ORDER BY g.phone`,
      [cafe.id],
    );
    if (flags.format === 'json') {
      out.line(JSON.stringify(Object.fromEntries(rows.map((r) => [r.phone, Number(r.balance)]))));
      return;
    }
    const width = Math.max(7, ...rows.map((r) => String(r.balance).length));
    out.line(`${'phone'.padEnd(12)}  ${'balance'.padStart(width)}`);
    for (const r of rows) out.line(`${r.phone.padEnd(12)}  ${String(r.balance).padStart(width)}`);
    const total = rows.reduce((n, r) => n + Number(r.balance), 0);
    out.line(`${rows.length} guests, ${total} points in all`);
  });
}
