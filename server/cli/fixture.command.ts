import { writeCafeCsv } from '../../tests/fixtures/write-csv.ts';
import { parseIsoInstant } from '../../shared/domain/instant.ts';
import { parseFlags, UsageError } from './args.ts';
import type { CliContext } from './context.ts';

export const FIXTURE_USAGE = 'fixture --out DIR [--guests 5000] [--purchases 50000] [--seed 1] [--end ISO_DATE_TIME]';

/** Writes a generated café's guests.csv and purchases.csv, ready for `import`. */
export async function fixtureCommand(args: string[], { out, now }: CliContext): Promise<void> {
  const f = parseFlags(args, {
    out: { type: 'string' },
    guests: { type: 'string', default: '5000' },
    purchases: { type: 'string', default: '50000' },
    seed: { type: 'string', default: '1' },
    end: { type: 'string' },
  });
  if (!f.out) throw new UsageError('fixture needs --out DIR');
  const count = (name: string, v: string) => {
    if (!/^\d+$/.test(v)) throw new UsageError(`--${name} must be a whole number, got "${v}"`);
    return Number(v);
  };
  const end = f.end === undefined ? now() : parseIsoInstant(f.end, '--end');
  if (!(end instanceof Date) && !end.ok) throw new UsageError(end.error);
  const paths = await writeCafeCsv(f.out, {
    guests: count('guests', f.guests),
    purchases: count('purchases', f.purchases),
    seed: count('seed', f.seed),
    end: end instanceof Date ? end : end.value,
  });
  out.line(`${paths.guests}\n${paths.purchases}`);
}
