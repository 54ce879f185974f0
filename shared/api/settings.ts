/** The café's settings for the owner: name, time zone and segment rules, and a preview of a change. */
import { z } from 'zod';
import { isTimeZone, type TimeZone } from '../domain/calendar.ts';
import { hasUnsafeCharacters } from '../domain/safe-text.ts';
import { MAX_VOID_WINDOW_DAYS } from '../domain/void-window.ts';
import { ruleSetSchema } from '../segments/rule-set-schema.ts';

const timeZone = z
  .string()
  .refine(isTimeZone, 'not an IANA time zone (e.g. Europe/Moscow)')
  .transform((zone) => zone as TimeZone);

export const rulesChangeSchema = z.object({ timeZone, rules: ruleSetSchema });
/** Café days after a sale's own that a tablet may still void it: 0 is the sale's own day (today's shift). */
export const voidWindowDaysSchema = z
  .number()
  .int('whole café days')
  .min(0, 'at least 0: the day of the sale')
  .max(MAX_VOID_WINDOW_DAYS, `at most ${MAX_VOID_WINDOW_DAYS} days`);
/** Read whole; saved with the void window optional (absent: the one set stays). */
export const cafeSettingsSchema = rulesChangeSchema.extend({
  name: z
    .string()
    .trim()
    .min(1, 'the café needs a name')
    .max(80)
    .refine((s) => !hasUnsafeCharacters(s), 'the name must not contain control or direction characters'),
  voidWindowDays: voidWindowDaysSchema.optional(),
});
export const settingsSavedSchema = z.object({ ok: z.literal(true), moved: z.number().int() });

export const rulesPreviewSchema = z.object({
  totalGuests: z.number().int(),
  /** Guests whose segment would change. */
  moved: z.number().int(),
  /** Every (current → new) pair with its guests, unchanged pairs included. */
  cells: z.array(z.object({ from: z.string(), to: z.string(), guests: z.number().int() })),
});

export type RulesChange = z.infer<typeof rulesChangeSchema>;
export type CafeSettings = z.infer<typeof cafeSettingsSchema>;
export type RulesPreview = z.infer<typeof rulesPreviewSchema>;
