/**
 * `npm run cli -- mailing send --segments a,b --text T [--channel log|sms|telegram|email]
 * [--holdout PERCENT]` (DESIGN.md "Fixed interfaces"): queues a mailing now and prints one
 * JSON line last, `{ "id", "guests", "eligible", "holdout", "queued", "skippedByCap" }`.
 * With the server running on PGlite the command runs inside it (cli/forward.ts) and its
 * sender picks the queue up; otherwise the queue waits in the database for the server.
 */
import { DomainError } from '../../shared/domain/domain-error.ts';
import { isChannelId } from '../../shared/mailings/channels.ts';
import { DEFAULT_HOLDOUT_PERCENT } from '../../shared/mailings/holdout.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import { parseFlags, UsageError } from './args.ts';
import type { CliContext } from './context.ts';
import { queueMailing } from '../mailings/mailings.ts';
import { LOYALTY_POINTS } from '../mailings/loyalty-points.ts';

export const MAILING_USAGE = 'mailing send --segments a,b --text T [--channel log|sms|telegram|email] [--holdout PERCENT] [--at ISO_DATE_TIME]';

export async function mailingCommand(args: string[], { out, now, withDb }: CliContext): Promise<void> {
  const [sub, ...rest] = args;
  if (sub !== 'send') throw new UsageError(`unknown mailing command "${sub ?? ''}" (expected: ${MAILING_USAGE})`);
  const flags = parseFlags(rest, {
    segments: { type: 'string' },
    text: { type: 'string' },
    channel: { type: 'string' },
    holdout: { type: 'string' },
    at: { type: 'string' },
  });
  const segments = (flags.segments ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (segments.length === 0) throw new UsageError('--segments: name at least one segment (e.g. --segments leaving,sleeping)');
  if (flags.text === undefined) throw new UsageError('--text: the message is missing');
  if (flags.channel !== undefined && !isChannelId(flags.channel))
    throw new UsageError(`--channel: unknown channel "${flags.channel}" (log, sms, telegram or email)`);
  const holdout = flags.holdout === undefined ? DEFAULT_HOLDOUT_PERCENT : Number(flags.holdout.replace(/%$/, '').replace(',', '.'));
  if (!Number.isFinite(holdout) || holdout < 0 || holdout > 50) throw new UsageError('--holdout: a percentage from 0 to 50');
  if (flags.at !== undefined && Number.isNaN(Date.parse(flags.at))) throw new UsageError('--at: an ISO 8601 instant with an offset');
  await withDb(async (db) => {
    const cafe = await ensureCafe(db);
    try {
      const q = await queueMailing(
        { db, ledger: LOYALTY_POINTS },
        cafe.id,
        {
          segments,
          text: flags.text!,
          holdoutPercent: holdout,
          ...(flags.channel ? { channel: flags.channel as never } : {}),
          ...(flags.at ? { sendAt: new Date(flags.at).toISOString() } : {}),
        },
        now(),
      );
      out.line(
        JSON.stringify({
          id: q.id,
          guests: q.counts.inSegments,
          eligible: q.counts.eligible,
          holdout: q.counts.heldOut,
          queued: q.counts.queued,
          skippedByCap: q.skippedByCap,
        }),
      );
    } catch (e) {
      if (e instanceof DomainError) throw new UsageError(`--${cliFlag(e.field)}: ${e.message.replace(/^[a-zA-Z]+: /, '')}`);
      throw e;
    }
  });
}

const cliFlag = (field: string | undefined) => (field === 'holdoutPercent' ? 'holdout' : field === 'sendAt' ? 'at' : (field ?? 'text'));
