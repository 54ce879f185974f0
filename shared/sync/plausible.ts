/**
 * What the server accepts from a tablet beyond its shape: text without control or
 * direction-override characters, money within a café's reach, and times a café could have
 * lived. The fixed window (EARLIEST_INSTANT…LATEST_INSTANT) is checked by the schemas; the
 * moving bound (no later than the server's clock plus CLOCK_SKEW_LIMIT_MS) needs the server's
 * `now`, so it is checked by tooFarAhead when a batch arrives. Both back-ends store every
 * instant of the window exactly (years 0001–0099 would read back as 19xx/20xx on PGlite).
 */
import { z } from 'zod';
import { hasUnsafeCharacters } from '../domain/safe-text.ts';
import { HLC_PATTERN, tryParseHlc } from './hlc.ts';

/** One purchase at most 10,000,000 ₽: far above any café's check, far below a sum's overflow. */
export const MAX_PURCHASE_KOPECKS = 1_000_000_000;
/** Whole points in one entry (one point pays one ruble). */
export const MAX_POINTS = 100_000_000;
/** How far ahead of the server's clock a tablet's time may be: a day covers every time zone slip. */
export const CLOCK_SKEW_LIMIT_MS = 24 * 3600_000;
export const EARLIEST_INSTANT = '2000-01-01T00:00:00Z';
export const LATEST_INSTANT = '2100-01-01T00:00:00Z';
export const EARLIEST_BIRTHDAY = '1900-01-01';

/** A line of text a person typed: no control or direction-override characters. */
export const safeText = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !hasUnsafeCharacters(s), 'text must not contain control or direction characters');

const [earliestMs, latestMs] = [Date.parse(EARLIEST_INSTANT), Date.parse(LATEST_INSTANT)];

/** Why a moment asked for (a report's `at`) is not one a café could have records of, or null: a typo, said so instead of a report of zeros. */
export function outsideRecordYears(at: Date, field: string, text: string): string | null {
  const ms = at.getTime();
  return ms >= earliestMs && ms < latestMs ? null : `${field} "${text.trim()}" is outside ${EARLIEST_INSTANT.slice(0, 4)}–${LATEST_INSTANT.slice(0, 4)}`;
}

/** An ISO instant with an offset, within the years a café could have a record of. */
export const plausibleInstant = z.iso.datetime({ offset: true }).refine(
  (s) => {
    const ms = Date.parse(s);
    return ms >= earliestMs && ms < latestMs;
  },
  `a time must lie between ${EARLIEST_INSTANT.slice(0, 4)} and ${LATEST_INSTANT.slice(0, 4)}`,
);

/** A birthday: a real calendar date from 1900 on (a future one is caught against the server's clock). */
export const plausibleBirthday = z.iso
  .date()
  .refine((s) => s >= EARLIEST_BIRTHDAY && s < LATEST_INSTANT.slice(0, 10), `a birthday must lie between ${EARLIEST_BIRTHDAY.slice(0, 4)} and today`);

/** A hybrid-clock stamp in the one format the clock writes (shared/sync/hlc.ts). */
export const hlcStamp = z
  .string()
  .max(80)
  .regex(HLC_PATTERN, 'hlc must be a hybrid clock stamp (wall:counter:node)')
  .refine((s) => tryParseHlc(s) !== null, 'hlc must be a hybrid clock stamp (wall:counter:node)');

/** Fields of a mutation that hold a moment the tablet says something happened. */
const MOMENTS = ['at', 'registeredAt', 'purchasedAt', 'voidedAt', 'givenAt'] as const;

/**
 * The first time in an envelope (its `at`, its hlc's wall, any moment or birthday of its
 * mutation) further ahead of the server's `now` than the skew limit, as a dotted path; null
 * when every one is plausible. A registration "tomorrow" would be missing from every report.
 */
export function tooFarAhead(envelope: { at: string; hlc: string; mutation: object }, now: Date): string | null {
  const limit = now.getTime() + CLOCK_SKEW_LIMIT_MS;
  if (Date.parse(envelope.at) > limit) return 'at';
  if ((tryParseHlc(envelope.hlc)?.wall ?? 0) > limit) return 'hlc';
  const m = envelope.mutation as Record<string, unknown>;
  for (const key of MOMENTS) if (typeof m[key] === 'string' && Date.parse(m[key]) > limit) return `mutation.${key}`;
  const consent = m.consent as { at?: unknown } | undefined;
  if (typeof consent?.at === 'string' && Date.parse(consent.at) > limit) return 'mutation.consent.at';
  if (typeof m.birthday === 'string' && Date.parse(`${m.birthday}T00:00:00Z`) > limit) return 'mutation.birthday';
  return null;
}
