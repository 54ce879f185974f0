/**
 * The flags of `promotion add` exactly as DESIGN.md fixes them, turned into a promotion draft
 * or one error that names the flag — the CLI prints it as its one line and exits non-zero:
 *
 *   --name N [--segments a,b] (--percent P | --rubles R | --points-x K | --gift TEXT)
 *   [--days 1-5|1,3,6] [--from HH:MM --to HH:MM] [--starts YYYY-MM-DD] [--ends YYYY-MM-DD]
 *   [--min-check R] [--limit once|daily]
 *
 * Rubles are read as typed (`150`, `99,50`, `99.50`). Weekdays are 1 = Monday … 7 = Sunday,
 * as a list, ranges or both (`1-3,6`). Everything the owner's form also checks is left to
 * promotion-schema.ts, so the CLI refuses exactly what the form refuses.
 */
import { parseRubles } from '../domain/money.ts';
import type { RuleSet } from '../segments/rules.ts';
import type { PromotionDraft, PromotionField, PromotionInput, PromotionProblem } from './promotion.ts';
import { promotionInputSchema, promotionProblems } from './promotion-schema.ts';

export const PROMOTION_ADD_FLAGS = [
  '--name',
  '--segments',
  '--percent',
  '--rubles',
  '--points-x',
  '--gift',
  '--days',
  '--from',
  '--to',
  '--starts',
  '--ends',
  '--min-check',
  '--limit',
] as const;
export type PromotionAddFlag = (typeof PROMOTION_ADD_FLAGS)[number];

/** Codes of the flags' own syntax, beside the schema's. */
export type CliProblem = 'flag-unknown' | 'flag-repeated' | 'flag-value-missing' | 'segments-empty';

export type PromotionAddArgs =
  | { ok: true; draft: PromotionDraft }
  /** `flag` is the flag at fault (or the unexpected word); `message` is the whole line to print. */
  | { ok: false; flag: string; problem: PromotionProblem | CliProblem; message: string };

const BENEFIT_FLAGS = '--percent | --rubles | --points-x | --gift';

const FLAG_OF: Record<PromotionField, string> = {
  name: '--name',
  audience: '--segments',
  weekdays: '--days',
  from: '--from',
  to: '--to',
  starts: '--starts',
  ends: '--ends',
  percentOff: '--percent',
  amountOff: '--rubles',
  pointsMultiplier: '--points-x',
  gift: '--gift',
  minCheck: '--min-check',
  limit: '--limit',
  benefit: BENEFIT_FLAGS,
};

/** `args` are the words after `promotion add`; `rules` are the café's, to check `--segments`. */
export function parsePromotionAddArgs(args: readonly string[], rules: RuleSet): PromotionAddArgs {
  const flags = readFlags(args);
  if (!flags.ok) return flags;
  const input = inputOf(flags.values);
  if (!input.ok) return input;
  const parsed = promotionInputSchema(rules).safeParse(input.value);
  if (parsed.success) return { ok: true, draft: parsed.data };
  const first = promotionProblems(parsed.error)[0]!;
  const flag = FLAG_OF[first.field as PromotionField] ?? first.field;
  return fail(flag, first.problem, cliWords(first.problem, first.message));
}

function fail(flag: string, problem: PromotionProblem | CliProblem, words: string): PromotionAddArgs & { ok: false } {
  return { ok: false, flag, problem, message: `${flag}: ${words}` };
}

/** The schema speaks of form fields; on the command line the flags are the names. */
function cliWords(problem: PromotionProblem, message: string): string {
  if (problem === 'benefit-missing') return 'give one benefit';
  if (problem === 'benefit-twice') return 'give one benefit, not two';
  if (problem === 'window-incomplete') return 'give both --from and --to';
  return message;
}

type Values = Partial<Record<PromotionAddFlag, string>>;

function readFlags(args: readonly string[]): { ok: true; values: Values } | (PromotionAddArgs & { ok: false }) {
  const values: Values = {};
  for (let i = 0; i < args.length; i++) {
    const word = args[i]!;
    const eq = word.indexOf('=');
    const name = eq > 0 && word.startsWith('--') ? word.slice(0, eq) : word;
    if (!isFlag(name)) {
      return fail(name, 'flag-unknown', name.startsWith('--') ? `unknown option (expected one of ${PROMOTION_ADD_FLAGS.join(', ')})` : 'unexpected argument');
    }
    if (values[name] !== undefined) return fail(name, 'flag-repeated', 'given twice');
    let value: string | undefined;
    if (eq > 0 && word.startsWith('--')) value = word.slice(eq + 1);
    else {
      const next = args[i + 1];
      // A word starting with -- is the next flag, not this one's value (a value may be -5).
      if (next !== undefined && !next.startsWith('--')) {
        value = next;
        i++;
      }
    }
    if (value === undefined) return fail(name, 'flag-value-missing', 'needs a value');
    values[name] = value;
  }
  return { ok: true, values };
}

const isFlag = (word: string): word is PromotionAddFlag => (PROMOTION_ADD_FLAGS as readonly string[]).includes(word);

function inputOf(v: Values): { ok: true; value: PromotionInput } | (PromotionAddArgs & { ok: false }) {
  if (v['--name'] === undefined) return fail('--name', 'name-empty', 'is required');
  const input: PromotionInput = { name: v['--name'] };

  if (v['--segments'] !== undefined) {
    const ids = v['--segments']
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    // Leaving --segments out means everyone; an empty value is more likely a mistake.
    if (ids.length === 0) return fail('--segments', 'segments-empty', 'lists no segment (leave the flag out to aim at every guest)');
    input.audience = ids;
  }

  const percent = v['--percent'];
  if (percent !== undefined) {
    const m = /^(-?\d+(?:[.,]\d+)?)\s*%?$/.exec(percent.trim());
    if (!m) return fail('--percent', 'invalid', `"${percent}" is not a number of percent`);
    input.percentOff = Number(m[1]!.replace(',', '.'));
  }

  const rubles = v['--rubles'];
  if (rubles !== undefined) {
    const r = rubles.trim().startsWith('-') ? null : parseRubles(rubles);
    if (r === null) return fail('--rubles', 'rubles-not-positive', `"${rubles}" is below zero`);
    if (!r.ok) return fail('--rubles', 'invalid', `"${rubles}" is not rubles (e.g. 150 or 99,50)`);
    input.amountOff = r.value;
  }

  const times = v['--points-x'];
  if (times !== undefined) {
    if (!/^\d+(?:[.,]\d+)?$/.test(times.trim())) return fail('--points-x', 'invalid', `"${times}" is not a number (e.g. 2 or 1,5)`);
    input.pointsMultiplier = Number(times.trim().replace(',', '.'));
  }

  if (v['--gift'] !== undefined) input.gift = v['--gift'];

  const days = v['--days'];
  if (days !== undefined) {
    const weekdays = weekdaysOf(days);
    if (weekdays === null) return fail('--days', 'invalid', `"${days}" is not weekdays like 1-5 or 1,3,6 (1 = Monday … 7 = Sunday)`);
    input.weekdays = weekdays;
  }

  if (v['--from'] !== undefined) input.from = v['--from'];
  if (v['--to'] !== undefined) input.to = v['--to'];
  if (v['--starts'] !== undefined) input.starts = v['--starts'];
  if (v['--ends'] !== undefined) input.ends = v['--ends'];

  const min = v['--min-check'];
  if (min !== undefined) {
    const r = min.trim().startsWith('-') ? null : parseRubles(min);
    if (r === null) return fail('--min-check', 'min-check-not-positive', `"${min}" is below zero`);
    if (!r.ok) return fail('--min-check', 'invalid', `"${min}" is not rubles (e.g. 500 or 499,90)`);
    input.minCheck = r.value;
  }

  const limit = v['--limit'];
  if (limit !== undefined) {
    if (limit !== 'once' && limit !== 'daily') return fail('--limit', 'invalid', `"${limit}" is not once or daily`);
    input.limit = limit;
  }
  return { ok: true, value: input };
}

/** `1-5`, `1,3,6`, `1-3,6`; numbers outside 1–7 pass through for the schema to name. */
function weekdaysOf(text: string): number[] | null {
  const days: number[] = [];
  for (const part of text.split(',').map((p) => p.trim())) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (from > to) return null;
      // Past 8 the schema already refuses; a typo like 1-99999 must not loop for long.
      for (let d = from; d <= Math.min(to, 8); d++) days.push(d);
    } else if (/^\d+$/.test(part)) days.push(Number(part));
    else return null;
  }
  return days;
}
