/**
 * What the owner's first screen (/owner: segments today) reads, in one place for both sides:
 * the client's queries ask exactly these, and the server names them as preloads in the page it
 * sends to a logged-in owner, so they travel while the scripts download instead of after them
 * (issue 15's Lighthouse bench). An address that drifts from the client's is only a wasted
 * preload, never a wrong answer.
 */
export const SEGMENTS_SCREEN_READS = {
  report: '/api/reports/segments',
  onboarding: '/api/onboarding',
  settings: '/api/settings',
  week: '/api/reports/movements?days=7',
} as const;

/** The owner's page paths that open on the segments screen. */
export const opensOnSegments = (path: string) => path === '/owner' || path === '/owner/';
