/** The café's settings for the owner: name, time zone and segment rules, and a preview of a change. */
import { z } from 'zod';
import { isTimeZone, type TimeZone } from '../domain/calendar.ts';
import { ruleSetSchema } from '../segments/rule-set-schema.ts';

const timeZone = z
  .string()
  .refine(isTimeZone, 'not an IANA time zone (e.g. Europe/Moscow)')
  .transform((zone) => zone as TimeZone);

export const rulesChangeSchema = z.object({ timeZone, rules: ruleSetSchema });
export const cafeSettingsSchema = rulesChangeSchema.extend({ name: z.string().trim().min(1, 'the café needs a name').max(80) });
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
