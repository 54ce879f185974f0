/** The body of every refusal: `{ "error": { "code", "message", "field"? } }` (DESIGN.md "Fixed interfaces"). */
import { z } from 'zod';
import { ERROR_CODES } from './error-codes.ts';

export const errorSchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES),
    /** For a developer or a log; screens show their own words for the code. */
    message: z.string(),
    /** The request field it concerns, as a dotted path. */
    field: z.string().optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof errorSchema>;

export const okSchema = z.object({ ok: z.literal(true) });
