/**
 * The promotion form's reading of what the owner typed: the text of each input turned into the
 * flat `PromotionInput` the API takes, then checked by the rules the server and the CLI run
 * (shared/promotions/promotion-rules.ts, free of zod) against the café's rule set, so every refusal is
 * shown beside its field before anything is sent, in the words of its problem code.
 */
import type { LocalDate } from '../../../shared/domain/calendar.ts';
import { type Kopecks, kopecksToDecimal, parseRubles } from '../../../shared/domain/money.ts';
import { PROMOTION_PRESETS, type PromotionPreset, presetDraft, presetFits } from '../../../shared/promotions/presets.ts';
import type { PromotionDraft, PromotionField, PromotionInput, PromotionProblem, UseLimit } from '../../../shared/promotions/promotion.ts';
import { promotionInputProblems } from '../../../shared/promotions/promotion-rules.ts';
import type { RuleSet } from '../../../shared/segments/rules.ts';

export type BenefitChoice = 'percent' | 'rubles' | 'points-x' | 'gift';

export interface PromotionFormState {
  name: string;
  audience: string[];
  kind: BenefitChoice;
  /** The percent, the rubles or the multiplier, as typed. */
  value: string;
  gift: string;
  weekdays: number[];
  from: string;
  to: string;
  starts: string;
  ends: string;
  /** Rubles, as typed. */
  minCheck: string;
  limit: UseLimit;
  /** Only for the guests a mailing or a scenario grants it to. */
  personal: boolean;
}

export const emptyForm = (audience: string[] = []): PromotionFormState => ({
  name: '',
  audience,
  kind: 'percent',
  value: '',
  gift: '',
  weekdays: [],
  from: '',
  to: '',
  starts: '',
  ends: '',
  minCheck: '',
  limit: 'none',
  personal: false,
});

/** The form filled with a promotion as it stands, to edit it. */
export function formFromPromotion(p: PromotionDraft): PromotionFormState {
  const b = p.benefit;
  const rubles = (k: number) =>
    kopecksToDecimal(k as Kopecks)
      .replace(/\.00$/, '')
      .replace('.', ',');
  return {
    name: p.name,
    audience: [...p.audience],
    kind: b.kind,
    value:
      b.kind === 'percent' ? String(b.percent) : b.kind === 'rubles' ? rubles(b.amount) : b.kind === 'points-x' ? String(b.multiplier).replace('.', ',') : '',
    gift: b.kind === 'gift' ? b.text : '',
    weekdays: [...p.weekdays],
    from: p.window?.from ?? '',
    to: p.window?.to ?? '',
    starts: p.starts ?? '',
    ends: p.ends ?? '',
    minCheck: p.minCheck === null ? '' : rubles(p.minCheck),
    limit: p.limit,
    personal: p.personal ?? false,
  };
}

/**
 * The presets the owner may start from under the café's rule set: one aimed at a segment the
 * rules do not have is left out rather than turned into an offer for everyone.
 */
export const presetsFor = (rules: RuleSet): PromotionPreset[] => PROMOTION_PRESETS.filter((p) => presetFits(p, rules));

/** The form filled from a preset, made on café day `today` (a run of N days starts then), in the owner's language. */
export const formFromPreset = (preset: PromotionPreset, locale: 'ru' | 'en', today: LocalDate): PromotionFormState =>
  formFromPromotion(presetDraft(preset, locale, today));

/** Where a problem is shown: the four benefit fields share the benefit's value input. */
export type FormSlot = 'name' | 'audience' | 'value' | 'weekdays' | 'from' | 'to' | 'starts' | 'ends' | 'minCheck' | 'limit';

const SLOT: Record<PromotionField, FormSlot> = {
  name: 'name',
  audience: 'audience',
  weekdays: 'weekdays',
  from: 'from',
  to: 'to',
  starts: 'starts',
  ends: 'ends',
  percentOff: 'value',
  amountOff: 'value',
  pointsMultiplier: 'value',
  gift: 'value',
  benefit: 'value',
  minCheck: 'minCheck',
  limit: 'limit',
};

export type FormProblems = Partial<Record<FormSlot, PromotionProblem>>;

export type FormResult = { ok: true; input: PromotionInput } | { ok: false; problems: FormProblems };

const blank = (s: string) => (s.trim() === '' ? null : s.trim());

export function readPromotionForm(form: PromotionFormState, rules: RuleSet): FormResult {
  const input: PromotionInput = {
    name: form.name,
    audience: form.audience,
    weekdays: form.weekdays,
    from: blank(form.from),
    to: blank(form.to),
    starts: blank(form.starts),
    ends: blank(form.ends),
    limit: form.limit,
    ...(form.personal ? { personal: true } : {}),
  };
  const problems: FormProblems = {};
  const value = blank(form.value);
  if (form.kind === 'gift') input.gift = form.gift;
  else if (value !== null) {
    if (form.kind === 'rubles') {
      const r = parseRubles(value);
      if (r.ok) input.amountOff = r.value;
      else problems.value = value.startsWith('-') ? 'rubles-not-positive' : 'invalid';
    } else {
      const n = Number(value.replace(',', '.'));
      if (!Number.isFinite(n)) problems.value = 'invalid';
      else if (form.kind === 'percent') input.percentOff = n;
      else input.pointsMultiplier = n;
    }
  }
  const min = blank(form.minCheck);
  if (min !== null) {
    const r = parseRubles(min);
    if (r.ok) input.minCheck = r.value;
    else problems.minCheck = min.startsWith('-') ? 'min-check-not-positive' : 'invalid';
  }
  for (const p of promotionInputProblems(input, rules)) problems[SLOT[p.field]] ??= p.problem;
  return Object.keys(problems).length > 0 ? { ok: false, problems } : { ok: true, input };
}
