/**
 * The owner's page, sent to a logged-in owner, names the reads of its first screen as
 * preloads (shared/api/owner-first-screen.ts), so the dashboard's data comes while the
 * scripts download rather than after them and a login check. Only with a live session: before
 * login those reads would be refused, and a refused request is an error in the browser.
 */
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { opensOnSegments, SEGMENTS_SCREEN_READS } from '../../shared/api/owner-first-screen.ts';
import type { Db } from '../db/db.ts';
import { SESSION_COOKIE } from './owner-auth.ts';
import { sessionById } from './sessions.repo.ts';

export function ownerPagePreloads(db: Db, now: () => Date) {
  return async (c: Context, path: string): Promise<readonly string[] | null> => {
    if (!opensOnSegments(path)) return null;
    const sessionId = getCookie(c, SESSION_COOKIE);
    if (!sessionId || !(await sessionById(db, sessionId, now()))) return null;
    return Object.values(SEGMENTS_SCREEN_READS);
  };
}
