/** The owner's first steps, for the card the dashboard shows until the café has guests. */
import { z } from 'zod';

export const onboardingSchema = z.object({
  /** Tablets paired and not revoked. */
  tablets: z.number().int(),
  /** Whether any guest is registered or imported yet. */
  hasGuests: z.boolean(),
  timeZone: z.string(),
  /** The owner (or an import with --tz) has set the café's settings at least once. */
  timeZoneSet: z.boolean(),
});

export type Onboarding = z.infer<typeof onboardingSchema>;
