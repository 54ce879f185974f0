/**
 * What the mailing routes need from the app beyond the database: the points ledger (NO_POINTS
 * until bonus points exist), the environment the channels read, and a way to wake the sender
 * when a mailing is queued. serve.ts passes them; tests pass their own.
 */
import type { PointsLedger } from './points.ts';
import { NO_POINTS } from './points.ts';
import type { Db } from '../db/db.ts';

export interface MailingAppDeps {
  ledger?: PointsLedger | undefined;
  env?: NodeJS.ProcessEnv | undefined;
  wake?: (() => void) | undefined;
}

export function mailingDeps(deps: { db: Db; mailings?: MailingAppDeps | undefined }) {
  return { db: deps.db, ledger: deps.mailings?.ledger ?? NO_POINTS, env: deps.mailings?.env, wake: deps.mailings?.wake };
}
