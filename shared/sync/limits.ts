/** Sync numbers both sides agree on; kept apart from the zod schemas so the tablet's bundle need not carry zod. */
/** 2: a push answers per mutation (acked or refused) instead of refusing the whole batch. */
export const PROTOCOL = 2;
export const MIN_PROTOCOL = 1;
export const PUSH_LIMIT = 500;
export const PULL_LIMIT = 2000;
/** A push body larger than this is refused whole (413). */
export const PUSH_MAX_BYTES = 1024 * 1024;
/** A device clock further ahead than this is flagged. */
export const CLOCK_AHEAD_LIMIT_MS = 5 * 60_000;
