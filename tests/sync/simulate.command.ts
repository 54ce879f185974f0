import 'fake-indexeddb/auto';
import { dbConfigFromEnv, openDb } from '../../server/db/db.ts';
import { type SimulationReport, simulate } from './simulate.ts';
import { parseFlags, UsageError } from '../../server/cli/args.ts';
import type { CliContext } from '../../server/cli/context.ts';

/**
 * Prints one JSON line comparing every tablet with the server; exits 1 on any loss, duplicate or divergence, of purchases or of
 * points, on any offer flagged that the tablet could have known was not eligible, on any 5xx answer, on anything a hostile
 * tablet sent reaching storage or being acked when it must be refused, and on a valid mutation beside it not applied.
 */
export async function simulateCommand(args: string[], { out }: CliContext): Promise<void> {
  const f = parseFlags(args, {
    tablets: { type: 'string', default: '3' },
    guests: { type: 'string', default: '300' },
    purchases: { type: 'string', default: '5000' },
    'fault-rate': { type: 'string', default: '0.2' },
    seed: { type: 'string', default: '7' },
    hostile: { type: 'string', default: '1' },
    server: { type: 'string', default: 'in-process' },
  });
  const int = (name: string, v: string, min: number) => {
    if (!/^\d+$/.test(v) || Number(v) < min) throw new UsageError(`--${name} must be a whole number ≥ ${min}, got "${v}"`);
    return Number(v);
  };
  const rate = Number(f['fault-rate']);
  if (!(rate >= 0 && rate < 1)) throw new UsageError(`--fault-rate must be between 0 and 1, got "${f['fault-rate']}"`);
  if (f.server !== 'in-process' && f.server !== 'process') throw new UsageError(`--server must be in-process or process, got "${f.server}"`);
  const hostile = int('hostile', f.hostile, 0);
  if (hostile > 9) throw new UsageError(`--hostile must be at most 9, got "${f.hostile}"`);
  const config = dbConfigFromEnv();
  const report = await simulate({
    tablets: int('tablets', f.tablets, 1),
    guests: int('guests', f.guests, 1),
    purchases: int('purchases', f.purchases, 0),
    faultRate: rate,
    seed: int('seed', f.seed, 0),
    hostile,
    open: () => openDb(config),
    ...(f.server === 'process' ? { process: config } : {}),
  });
  out.line(JSON.stringify(report));
  checkHostile(report);
  if (report.lost || report.duplicated || !report.converged)
    throw new Error(`simulation found ${report.lost} lost, ${report.duplicated} duplicated, converged: ${report.converged}`);
  const { pointsLost, pointsDoubled, overdraftsUnflagged, balanceMismatches } = report;
  if (pointsLost || pointsDoubled || overdraftsUnflagged || balanceMismatches)
    throw new Error(
      `simulation found ${pointsLost} points lost, ${pointsDoubled} doubled, ${overdraftsUnflagged} overdrafts unflagged, ${balanceMismatches} balance mismatches`,
    );
  // A flag the tablet could have avoided is a counter bug; the staged two-tablet limit break must be flagged.
  const { offersFlaggedKnowable, offersFlaggedUnrecorded, stagedLimitBreak } = report;
  if (offersFlaggedKnowable || stagedLimitBreak === 'none')
    throw new Error(
      `simulation found ${offersFlaggedKnowable} offers flagged that the tablet could know about (${offersFlaggedUnrecorded} on sales with no offer applied), staged limit break flagged: ${stagedLimitBreak}`,
    );
}

/**
 * Throws when the server answered any tablet with a 5xx, stored or acked anything a hostile tablet sent that it must refuse,
 * refused a valid mutation sent beside those, or refused an honest tablet's mutation.
 */
export function checkHostile({ serverErrors, hostile: h, refused }: Pick<SimulationReport, 'serverErrors' | 'hostile' | 'refused'>): void {
  if (serverErrors || h.leaked || h.wronglyApplied || h.wronglyRefused || refused)
    throw new Error(
      `simulation found ${serverErrors} server errors, ${h.leaked} hostile rows leaked, ${h.wronglyApplied} hostile mutations applied, ${h.wronglyRefused} valid ones refused beside them, ${refused} honest mutations refused${h.failures.length ? `: ${h.failures.join('; ')}` : ''}`,
    );
}
