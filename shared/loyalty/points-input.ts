/**
 * The points a barista types into the purchase screen's field, read before the redemption
 * rules (redemption.ts) judge them: empty means none; a comma is a decimal point, so "12,5"
 * is read as 12.5 and refused as fractional rather than as "not a number".
 */
export type PointsInput = { ok: true; points: number } | { ok: false; error: 'points-not-number' };

export function parsePointsInput(text: string): PointsInput {
  const t = text.trim().replace(/\s/g, '').replace(',', '.');
  if (t === '') return { ok: true, points: 0 };
  if (!/^-?\d+(\.\d+)?$/.test(t)) return { ok: false, error: 'points-not-number' };
  return { ok: true, points: Number(t) };
}
