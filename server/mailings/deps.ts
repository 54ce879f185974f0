/**
 * What the mailing routes need from the app beyond the database: the points ledger (the bonus
 * ledger unless a test passes NO_POINTS), the environment the channels read, and a way to wake
 * the sender when a mailing is queued. serve.ts passes them; tests pass their own.
 */
import type { Db } from '../db/db.ts';
import { LOYALTY_POINTS } from './loyalty-points.ts';
import type { PointsLedger } from './points.ts';

export interface MailingAppDeps {
  ledger?: PointsLedger | undefined;
  env?: NodeJS.ProcessEnv | undefined;
  wake?: (() => void) | undefined;
}

export function mailingDeps(deps: { db: Db; mailings?: MailingAppDeps | undefined }) {
  return { db: deps.db, ledger: deps.mailings?.ledger ?? LOYALTY_POINTS, env: deps.mailings?.env, wake: deps.mailings?.wake };
}
