/**
 * The rules every created or edited promotion must satisfy, without zod, so the owner's form
 * can judge what was typed before sending it (the client loads no zod) by the very code the
 * server and the CLI run through promotion-schema.ts. It reads the flat `PromotionInput` and
 * yields a `PromotionDraft`, reporting each refused field with a `PromotionProblem` code.
 * Nothing is guessed: a window with one end, an end before a start, no benefit or two are
 * refused rather than repaired.
 */
import { parseLocalDate, type LocalDate, type Weekday } from '../domain/calendar.ts';
import { kopecks, MAX_PURCHASE_RUBLES } from '../domain/money.ts';
import { withoutUnsafeCharacters } from '../domain/safe-text.ts';
import { NONE_NAME, segmentIds, type RuleSet } from '../segments/rules.ts';
import {
  minuteOfDay,
  type Benefit,
  type PromotionDraft,
  type PromotionField,
  type PromotionInput,
  type PromotionProblem,
  type TimeWindow,
} from './promotion.ts';

export const NAME_MAX = 60;
export const GIFT_MAX = 120;
export const MULTIPLIER_MAX = 10;
const MAX_KOPECKS = MAX_PURCHASE_RUBLES * 100;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Records a problem; returns null so a check can `return report(…)`. */
export type Report = (field: PromotionField, problem: PromotionProblem, message: string) => null;

/** The draft `input` describes for `rules`' café; every problem goes to `report` (the draft then means nothing). */
export function checkPromotionInput(input: PromotionInput, rules: RuleSet, report: Report): PromotionDraft {
  const known = new Set(segmentIds(rules));
  const segmentNames = new Set([NONE_NAME.ru, NONE_NAME.en, ...rules.segments.flatMap((s) => [s.name.ru, s.name.en])].map(fold));
  return draftOf(input, known, segmentNames, report);
}

/** Each refused field of `input` with its code and words, in the order of the form; none: it is acceptable. */
export function promotionInputProblems(input: PromotionInput, rules: RuleSet): { field: PromotionField; problem: PromotionProblem; message: string }[] {
  const found: { field: PromotionField; problem: PromotionProblem; message: string }[] = [];
  checkPromotionInput(input, rules, (field, problem, message) => {
    found.push({ field, problem, message });
    return null;
  });
  return found;
}

function draftOf(input: PromotionInput, known: ReadonlySet<string>, segmentNames: ReadonlySet<string>, report: Report): PromotionDraft {
  // Invisible direction marks out first: a reversed name could otherwise read as a segment's.
  const name = withoutUnsafeCharacters(input.name).trim();
  if (name === '') report('name', 'name-empty', 'name is empty');
  else if (name.length > NAME_MAX) report('name', 'name-too-long', `name is longer than ${NAME_MAX} characters`);
  // The barista sees the name, and the barista never sees segments.
  else if (segmentNames.has(fold(name))) report('name', 'name-is-segment', `name "${name}" is a segment's name, which the barista must not see`);

  const audience = [...new Set(input.audience ?? [])];
  const unknown = audience.find((id) => !known.has(id));
  if (unknown !== undefined) report('audience', 'segment-unknown', `segment "${unknown}" is not in the café's rule set (${[...known].join(', ')})`);

  const weekdays = [...new Set(input.weekdays ?? [])].sort((a, b) => a - b);
  const badDay = weekdays.find((d) => !Number.isInteger(d) || d < 1 || d > 7);
  if (badDay !== undefined) report('weekdays', 'weekday-out-of-range', `weekday ${badDay} is not 1 (Monday) … 7 (Sunday)`);

  const window = windowOf(input.from ?? null, input.to ?? null, report);

  const starts = dateOf('starts', input.starts ?? null, report);
  const ends = dateOf('ends', input.ends ?? null, report);
  if (starts && ends && ends < starts) report('ends', 'ends-before-starts', `ends ${ends} is before starts ${starts}`);

  const benefit = benefitOf(input, report);

  const minCheck = input.minCheck ?? null;
  if (minCheck !== null && minCheck <= 0) report('minCheck', 'min-check-not-positive', 'minimum check must be more than zero');
  else if (minCheck !== null && minCheck > MAX_KOPECKS) report('minCheck', 'min-check-too-large', `minimum check is over ${MAX_PURCHASE_RUBLES} rubles`);

  return {
    name,
    audience,
    weekdays: weekdays as Weekday[],
    window,
    starts,
    ends,
    // A null benefit was reported above, so this draft is never returned.
    benefit: benefit ?? { kind: 'gift', text: '' },
    minCheck: minCheck === null ? null : kopecks(minCheck),
    limit: input.limit ?? 'none',
    ...(input.personal ? { personal: true } : {}),
  };
}

function windowOf(from: string | null, to: string | null, report: Report): TimeWindow | null {
  if (from === null && to === null) return null;
  if (from === null) return report('from', 'window-incomplete', 'a window needs from as well as to');
  if (to === null) return report('to', 'window-incomplete', 'a window needs to as well as from');
  let ok = true;
  if (!TIME.test(from)) {
    report('from', 'time-invalid', `from "${from}" is not a time HH:MM (00:00–23:59)`);
    ok = false;
  }
  // `to` may be 24:00 so a window can run to the end of the café day.
  if (!TIME.test(to) && to !== '24:00') {
    report('to', 'time-invalid', `to "${to}" is not a time HH:MM (00:01–24:00)`);
    ok = false;
  }
  if (!ok) return null;
  const span = minuteOfDay(to) - minuteOfDay(from);
  if (span === 0) report('to', 'window-empty', `the window ${from}–${to} is empty`);
  // A window across midnight would belong to two café days; the owner makes two promotions.
  else if (span < 0) report('to', 'window-reversed', `to ${to} is before from ${from} (a window may not cross midnight)`);
  return { from, to };
}

function dateOf(field: 'starts' | 'ends', text: string | null, report: Report): LocalDate | null {
  if (text === null) return null;
  const date = parseLocalDate(text);
  if (date === null) report(field, 'date-invalid', `${field} "${text}" is not a date YYYY-MM-DD`);
  return date;
}

function benefitOf(input: PromotionInput, report: Report): Benefit | null {
  const given = (['percentOff', 'amountOff', 'pointsMultiplier', 'gift'] as const).filter((f) => input[f] !== null && input[f] !== undefined);
  if (given.length === 0) return report('benefit', 'benefit-missing', 'give one benefit: percentOff, amountOff, pointsMultiplier or gift');
  if (given.length > 1) return report('benefit', 'benefit-twice', `give one benefit, not ${given.join(' and ')}`);
  const { percentOff, amountOff, pointsMultiplier, gift } = input;
  if (percentOff !== null && percentOff !== undefined) {
    if (Number.isInteger(percentOff) && percentOff >= 1 && percentOff <= 100) return { kind: 'percent', percent: percentOff };
    return report('percentOff', 'percent-out-of-range', `percent ${percentOff} is not a whole number from 1 to 100`);
  }
  if (amountOff !== null && amountOff !== undefined) {
    if (amountOff <= 0) return report('amountOff', 'rubles-not-positive', 'rubles off must be more than zero');
    if (amountOff > MAX_KOPECKS) return report('amountOff', 'rubles-too-large', `rubles off is over ${MAX_PURCHASE_RUBLES} rubles`);
    return { kind: 'rubles', amount: kopecks(amountOff) };
  }
  if (pointsMultiplier !== null && pointsMultiplier !== undefined) {
    // Tenths only, so benefit.ts can multiply points in integers (×1.5, never ×1.3333).
    const tenths = Math.round(pointsMultiplier * 10);
    if (Math.abs(pointsMultiplier * 10 - tenths) < 1e-9 && tenths > 10 && tenths <= MULTIPLIER_MAX * 10) return { kind: 'points-x', multiplier: tenths / 10 };
    return report('pointsMultiplier', 'points-x-out-of-range', `points multiplier ${pointsMultiplier} is not above 1 and at most ${MULTIPLIER_MAX} in tenths`);
  }
  const text = (gift ?? '').trim();
  if (text === '') return report('gift', 'gift-empty', 'gift text is empty');
  if (text.length > GIFT_MAX) return report('gift', 'gift-too-long', `gift text is longer than ${GIFT_MAX} characters`);
  return { kind: 'gift', text };
}

const fold = (s: string) => s.trim().toLocaleLowerCase('ru');
