/**
 * The owner's first paint is the finished dashboard, not a "loading" line, then a frame, then
 * the cards. The server names the segments screen's reads as preloads in the page it sends a
 * logged-in owner (server/cafe/owner-page-preloads.ts), so their answers are usually in before
 * the scripts have run; the app is put on screen once they are — or after FIRST_PAINT_WAIT_MS,
 * whichever comes first, so a slow answer never leaves the page blank for long. One render
 * instead of three is also less work on a slow phone (issue 15's Lighthouse bench).
 */
import type { QueryClient } from '@tanstack/react-query';
import { SEGMENTS_SCREEN_READS } from '../../shared/api/owner-first-screen.ts';
import { authStateQuery, movementsQuery, onboardingQuery, segmentReportQuery, settingsQuery } from './queries.ts';

export const FIRST_PAINT_WAIT_MS = 1500;

/** The server preloads the dashboard's reads only for a logged-in owner on /owner. */
export function dashboardPreloaded(doc: Document): boolean {
  return doc.querySelector(`link[rel="preload"][href="${SEGMENTS_SCREEN_READS.report}"]`) !== null;
}

/** Asks who is here (and the dashboard's data, when preloaded); resolves when they are in, or after `wait` ms. */
export function primeFirstScreen(client: QueryClient, doc: Document = document, wait = FIRST_PAINT_WAIT_MS): Promise<void> {
  const reads = [client.prefetchQuery(authStateQuery)];
  if (dashboardPreloaded(doc)) {
    reads.push(
      client.prefetchQuery(segmentReportQuery),
      client.prefetchQuery(onboardingQuery),
      client.prefetchQuery(settingsQuery),
      client.prefetchQuery(movementsQuery(7)),
    );
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([Promise.all(reads).then(() => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, wait)))]).finally(() =>
    clearTimeout(timer),
  );
}
