/** The owner's account: login, first-run setup, session, password change, logout. */
import { z } from 'zod';

const email = z.string().trim().min(3).max(200);
const newPassword = z.string().min(8, 'a password needs at least 8 characters').max(200);

export const loginRequestSchema = z.object({ email, password: z.string().min(1).max(200) });
export const setupRequestSchema = z.object({
  token: z.string().min(20).max(100),
  email: email.regex(/^[^@\s]+@[^@\s]+\.[^@\s]+$/, 'not an e-mail address'),
  password: newPassword,
});
export const passwordRequestSchema = z.object({ current: z.string().min(1).max(200), next: newPassword });

/** After login or setup: the session cookie is set, and writes must carry this token as x-csrf-token. */
export const sessionStartedSchema = z.object({ ok: z.literal(true), csrfToken: z.string() });
export const sessionSchema = z.object({ email: z.string(), csrfToken: z.string(), cafe: z.object({ name: z.string() }) });

/**
 * Who is here, asked by the owner's app on every load: always a 200 (a 401 here would be logged
 * by the browser as an error on each visit). `ownerExists: false` tells the app to explain the
 * one-time setup link instead of showing a login nobody can use.
 */
export const authStateSchema = z.object({ ownerExists: z.boolean(), session: sessionSchema.nullable() });

/** A new password through the one-time link `npm run cli -- owner reset-password` prints. */
export const resetRequestSchema = z.object({ token: z.string().min(20).max(100), password: newPassword });

export type LoginRequest = z.infer<typeof loginRequestSchema>;
export type SetupRequest = z.infer<typeof setupRequestSchema>;
export type PasswordRequest = z.infer<typeof passwordRequestSchema>;
export type SessionStarted = z.infer<typeof sessionStartedSchema>;
export type Session = z.infer<typeof sessionSchema>;
export type AuthState = z.infer<typeof authStateSchema>;
export type ResetRequest = z.infer<typeof resetRequestSchema>;
