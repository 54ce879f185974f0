/**
 * Message texts the owner writes, with placeholders filled per guest at send time.
 *
 * A text is checked once, when the owner saves it (`parseTemplate`): an empty text, an
 * unknown placeholder or one this kind of message cannot fill is refused with a code that
 * names it, so a guest never receives a literal `{imya}`. Rendering (`renderTemplate`)
 * then cannot fail: a value that is missing for one guest (no name on file) gets a Russian
 * fallback that keeps the sentence natural, because the texts are written in Russian for
 * Russian guests. `smsParts` counts the SMS a rendered text costs, for the owner's screen.
 *
 * Syntax: `{name}` is a placeholder (spaces inside the braces are allowed), `{{` is a
 * literal `{`, and a `}` outside a placeholder is itself.
 */
import type { LocalDate } from '../domain/calendar.ts';
import type { ScenarioKind } from './scenarios.ts';

export const PLACEHOLDERS = ['name', 'balance', 'reward', 'cafe', 'expiring', 'date'] as const;
/**
 * - `name`: the guest's name; missing → the phrase around it adapts ("Здравствуйте!", "Гость").
 * - `balance`: the guest's points with their word ("121 балл", "5 баллов"); never negative.
 * - `reward`: the offer attached: points ("300 баллов") or a promotion's title; a message with
 *   no offer names the catalogue reward the guest's balance is working towards (catalogue-reward.ts).
 * - `cafe`: the café's name; missing → "кафе".
 * - `expiring`: points about to expire ("150 баллов"), for that scenario.
 * - `date`: the occasion's date in words ("30 ноября"): the last day of expiring points.
 */
export type Placeholder = (typeof PLACEHOLDERS)[number];

/** What a plain mailing can fill: no scenario- or date-specific values. */
export const MAILING_PLACEHOLDERS = ['name', 'balance', 'reward', 'cafe'] as const satisfies readonly Placeholder[];

/**
 * What a text can use where it is sent from: every message knows the guest, their balance,
 * a reward (its offer, or the catalogue's) and the café; `{date}` belongs to birthdays,
 * anniversaries and expiring points, `{expiring}` to the last.
 */
export function allowedPlaceholders(source: 'mailing' | ScenarioKind): Placeholder[] {
  const allowed: Placeholder[] = [...MAILING_PLACEHOLDERS];
  if (source === 'birthday' || source === 'first-visit-anniversary' || source === 'points-expiring') allowed.push('date');
  if (source === 'points-expiring') allowed.push('expiring');
  return allowed;
}

export const MAX_TEMPLATE_LENGTH = 1000;

export type TemplateProblem =
  | { code: 'template-empty' }
  | { code: 'template-too-long'; max: number }
  | { code: 'template-unknown-placeholder'; placeholder: string; at: number }
  | { code: 'template-placeholder-unavailable'; placeholder: Placeholder; at: number }
  | { code: 'template-unclosed-brace'; at: number };

type Part = { text: string } | { placeholder: Placeholder };

/** A checked text, ready to render for any guest. */
export interface Template {
  readonly source: string;
  readonly parts: readonly Part[];
  readonly placeholders: ReadonlySet<Placeholder>;
}

export type ParseTemplateResult = { ok: true; template: Template } | { ok: false; problem: TemplateProblem };

/**
 * Checks a text. `allowed` is what this kind of message can fill (a mailing without an
 * offer has no `{reward}`); a known placeholder outside it is `template-placeholder-unavailable`.
 * `at` in a problem is the index of the opening brace, for a screen to point at.
 */
export function parseTemplate(source: string, allowed: readonly Placeholder[] = PLACEHOLDERS): ParseTemplateResult {
  if (source.trim() === '') return { ok: false, problem: { code: 'template-empty' } };
  if (source.length > MAX_TEMPLATE_LENGTH) return { ok: false, problem: { code: 'template-too-long', max: MAX_TEMPLATE_LENGTH } };
  const parts: Part[] = [];
  const used = new Set<Placeholder>();
  let text = '';
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch !== '{') {
      text += ch;
      i += 1;
      continue;
    }
    if (source[i + 1] === '{') {
      text += '{';
      i += 2;
      continue;
    }
    const close = source.indexOf('}', i + 1);
    const nextOpen = source.indexOf('{', i + 1);
    if (close < 0 || (nextOpen >= 0 && nextOpen < close)) return { ok: false, problem: { code: 'template-unclosed-brace', at: i } };
    const name = source.slice(i + 1, close).trim();
    if (!isPlaceholder(name)) return { ok: false, problem: { code: 'template-unknown-placeholder', placeholder: name, at: i } };
    if (!allowed.includes(name)) return { ok: false, problem: { code: 'template-placeholder-unavailable', placeholder: name, at: i } };
    if (text !== '') parts.push({ text });
    text = '';
    parts.push({ placeholder: name });
    used.add(name);
    i = close + 1;
  }
  if (text !== '') parts.push({ text });
  return { ok: true, template: { source, parts, placeholders: used } };
}

export function isPlaceholder(name: string): name is Placeholder {
  return (PLACEHOLDERS as readonly string[]).includes(name);
}

/** One guest's values. Anything absent or null renders its fallback. */
export interface TemplateValues {
  name?: string | null;
  /** Whole points; a negative balance (an overdraft) shows as 0. */
  balance?: number | null;
  /** Points (a number) or a promotion's title (text). */
  reward?: number | string | null;
  cafe?: string | null;
  expiring?: number | null;
  date?: LocalDate | null;
}

export const FALLBACKS = {
  name: 'гость',
  reward: 'подарок',
  cafe: 'кафе',
  expiring: 'баллы',
  date: 'скоро',
} as const;

/** A private-use character marks a missing name until the sentence around it is adjusted. */
const NO_NAME = '\uE000';

export function renderTemplate(template: Template, values: TemplateValues): string {
  const out = template.parts.map((p) => ('text' in p ? p.text : valueText(p.placeholder, values))).join('');
  return out.includes(NO_NAME) ? withoutName(out) : out;
}

function valueText(placeholder: Placeholder, v: TemplateValues): string {
  switch (placeholder) {
    case 'name': {
      const name = v.name?.trim().replace(/\s+/g, ' ') ?? '';
      return name === '' ? NO_NAME : name;
    }
    case 'balance':
      return pointsText(Math.max(0, v.balance ?? 0));
    case 'reward':
      if (typeof v.reward === 'number') return pointsText(v.reward);
      return v.reward?.trim() || FALLBACKS.reward;
    case 'cafe':
      return v.cafe?.trim() || FALLBACKS.cafe;
    case 'expiring':
      return v.expiring == null ? FALLBACKS.expiring : pointsText(v.expiring);
    case 'date':
      return v.date ? dateText(v.date) : FALLBACKS.date;
  }
}

/**
 * A sentence without the name: "Здравствуйте, {name}!" → "Здравствуйте!",
 * "{name}, мы скучаем" → "Мы скучаем", and elsewhere the word "гость" ("Дорогой гость!").
 */
function withoutName(text: string): string {
  return (
    text
      // an address after a comma, closing the phrase: drop it with its comma
      .replace(new RegExp(`,[ \\t]*${NO_NAME}(?=[ \\t]*(?:[!?.…,;:)]|$))`, 'gmu'), '')
      // an address opening a sentence, followed by a comma: drop it, capitalise what follows
      .replace(
        new RegExp(`(^|[.!?…][ \\t]+)[ \\t]*${NO_NAME},[ \\t]*(\\p{L})`, 'gmu'),
        (_m, before: string, letter: string) => `${before}${letter.toLocaleUpperCase('ru')}`,
      )
      .replace(new RegExp(`(^[ \\t]*|[.!?…][ \\t]+)${NO_NAME}`, 'gmu'), (_m, before: string) => `${before}${capitalise(FALLBACKS.name)}`)
      .replaceAll(NO_NAME, FALLBACKS.name)
  );
}

const capitalise = (word: string) => word.charAt(0).toLocaleUpperCase('ru') + word.slice(1);

/** "1 балл", "3 балла", "5 баллов", "11 баллов", "21 балл". */
export function pointsText(points: number): string {
  return `${points} ${ruPlural(points, 'балл', 'балла', 'баллов')}`;
}

/** The Russian plural form for a whole number: one (1, 21), few (2–4, 22–24), many (0, 5–20, 25…). */
export function ruPlural(n: number, one: string, few: string, many: string): string {
  const abs = Math.abs(Math.trunc(n));
  const tens = abs % 100;
  const units = abs % 10;
  if (units === 1 && tens !== 11) return one;
  if (units >= 2 && units <= 4 && (tens < 12 || tens > 14)) return few;
  return many;
}

const MONTHS_GENITIVE = ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'];

/** "30 ноября": a day of the current season needs no year. */
export function dateText(date: LocalDate): string {
  const [, m, d] = date.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS_GENITIVE[m - 1]}`;
}

/**
 * SMS encoding and parts. A text of GSM 03.38 characters only is sent in 7-bit septets:
 * 160 in one SMS, 153 per part when split (the rest of each part carries the header that
 * joins them); characters of the extension table (`{ } [ ] ~ \ | ^ €`) take two septets.
 * Any other character (all of Cyrillic) makes the whole SMS UCS-2: 70 UTF-16 units in one
 * SMS, 67 per part; an emoji is two units. Gateways never split a two-unit character
 * across parts, so parts are counted by filling them greedily, not by dividing.
 */
export interface SmsParts {
  encoding: 'gsm7' | 'ucs2';
  /** Septets (gsm7) or UTF-16 units (ucs2) in the whole text. */
  units: number;
  /** SMS the text is sent as; 0 for an empty text. */
  parts: number;
  /** Units one part holds at this length: 160/70 for a single SMS, 153/67 when split. */
  perPart: number;
  /** Units still free in the last part before it takes one more SMS. */
  left: number;
}

const GSM_BASIC = new Set('@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà');
const GSM_EXTENDED = new Set('\f^{}\\[~]|€');

export function smsParts(text: string): SmsParts {
  const chars = Array.from(text);
  const gsm = chars.every((c) => GSM_BASIC.has(c) || GSM_EXTENDED.has(c));
  const size = gsm ? (c: string) => (GSM_EXTENDED.has(c) ? 2 : 1) : (c: string) => c.length;
  const [single, multi] = gsm ? [160, 153] : [70, 67];
  const units = chars.reduce((sum, c) => sum + size(c), 0);
  const encoding = gsm ? 'gsm7' : 'ucs2';
  if (units === 0) return { encoding, units, parts: 0, perPart: single, left: single };
  if (units <= single) return { encoding, units, parts: 1, perPart: single, left: single - units };
  let parts = 1;
  let used = 0;
  for (const c of chars) {
    const s = size(c);
    if (used + s > multi) {
      parts += 1;
      used = 0;
    }
    used += s;
  }
  return { encoding, units, parts, perPart: multi, left: multi - used };
}
