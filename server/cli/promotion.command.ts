/**
 * `npm run cli -- promotion add|list|end` exactly as DESIGN.md "Fixed interfaces" fixes them.
 * `add` prints the new promotion's id alone on its last line; a bad flag is one line naming it
 * (shared/promotions/cli-args.ts, the same checks as the owner's form), exit 2, nothing stored.
 */
import { kopecksToDecimal } from '../../shared/domain/money.ts';
import { parsePromotionAddArgs } from '../../shared/promotions/cli-args.ts';
import type { Benefit, PromotionId } from '../../shared/promotions/promotion.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import { newId } from '../new-id.ts';
import { createPromotion, listPromotions, setPromotionStatus, type StoredPromotion } from '../promotions/promotions.repo.ts';
import { parseFlags, UsageError } from './args.ts';
import type { CliContext } from './context.ts';

export const PROMOTION_USAGE = [
  'promotion add --name N [--segments a,b] (--percent P | --rubles R | --points-x K | --gift TEXT) [--days 1-5|1,3,6] [--from HH:MM --to HH:MM] [--starts YYYY-MM-DD] [--ends YYYY-MM-DD] [--min-check R] [--limit once|daily]',
  'promotion list',
  'promotion end --id ID',
];

export async function promotionCommand(args: string[], ctx: CliContext): Promise<void> {
  const [sub, ...rest] = args;
  if (sub === 'add') return addCommand(rest, ctx);
  if (sub === 'list') return listCommand(rest, ctx);
  if (sub === 'end') return endCommand(rest, ctx);
  throw new UsageError(`unknown promotion command "${sub ?? ''}" (expected add, list or end)`);
}

async function addCommand(args: string[], { out, now, withDb }: CliContext): Promise<void> {
  await withDb(async (db) => {
    const cafe = await ensureCafe(db);
    // Segment ids are checked against the café's own rule set, so the flags are read here, inside.
    const parsed = parsePromotionAddArgs(args, cafe.rules);
    if (!parsed.ok) throw new UsageError(parsed.message);
    const made = await createPromotion(db, cafe.id, newId<PromotionId>(), parsed.draft, now());
    out.line(`promotion "${made.name}" created: ${describe(made)}`);
    out.line(made.id);
  });
}

async function listCommand(args: string[], { out, withDb }: CliContext): Promise<void> {
  parseFlags(args, {});
  await withDb(async (db) => {
    const cafe = await ensureCafe(db);
    const all = await listPromotions(db, cafe.id);
    if (all.length === 0) out.line('no promotions yet (add one: npm run cli -- promotion add --name N --percent 10)');
    for (const p of all) out.line(`${p.id}  ${p.status.padEnd(6)}  ${p.name}  ${describe(p)}`);
  });
}

async function endCommand(args: string[], { out, now, withDb }: CliContext): Promise<void> {
  const f = parseFlags(args, { id: { type: 'string' } });
  if (!f.id) throw new UsageError('--id: which promotion to end (see: npm run cli -- promotion list)');
  await withDb(async (db) => {
    const cafe = await ensureCafe(db);
    const r = await setPromotionStatus(db, cafe.id, f.id!, 'ended', now());
    if (!r.ok) throw new Error(r.reason === 'not-found' ? `--id: no promotion ${f.id}` : `--id: promotion ${f.id} has already ended`);
    out.line(`promotion ${r.promotion.id} ended`);
  });
}

/** One line of what the owner set, in the CLI's own words (flags' terms, rubles as typed). */
function describe(p: StoredPromotion): string {
  const parts = [benefitText(p.benefit)];
  parts.push(p.audience.length ? `segments ${p.audience.join(',')}` : 'every guest');
  if (p.weekdays.length) parts.push(`days ${p.weekdays.join(',')}`);
  if (p.window) parts.push(`${p.window.from}–${p.window.to}`);
  if (p.starts || p.ends) parts.push(`${p.starts ?? '…'} to ${p.ends ?? '…'}`);
  if (p.minCheck !== null) parts.push(`min check ${kopecksToDecimal(p.minCheck)}`);
  if (p.limit !== 'none') parts.push(`limit ${p.limit}`);
  return parts.join('; ');
}

function benefitText(b: Benefit): string {
  switch (b.kind) {
    case 'percent':
      return `${b.percent}% off`;
    case 'rubles':
      return `${kopecksToDecimal(b.amount)} rubles off`;
    case 'points-x':
      return `points ×${b.multiplier}`;
    case 'gift':
      return `gift: ${b.text}`;
  }
}
