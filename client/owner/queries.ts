/**
 * Server data for the owner's screens, through TanStack Query: cached per screen, refetched
 * when the phone comes back to the app, retried on a network blip. The response types are
 * inferred from the zod schemas of shared/api, imported as types only (no zod in the bundle).
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { AuthState, Session } from '../../shared/api/auth.ts';
import type { Device } from '../../shared/api/devices.ts';
import type { GuestProfile } from '../../shared/api/guest-profile.ts';
import type { Onboarding } from '../../shared/api/onboarding.ts';
import type { MovementGuests, MovementReport, SegmentReport, TrendReport } from '../../shared/api/reports.ts';
import type { GuestPage, SegmentGuest } from '../../shared/api/segment-guests.ts';
import { SEGMENTS_SCREEN_READS } from '../../shared/api/owner-first-screen.ts';
import type { CafeSettings, RulesPreview } from '../../shared/api/settings.ts';
import { api, setCsrfToken } from './api.ts';

export type {
  AuthState,
  CafeSettings,
  Device,
  GuestPage,
  GuestProfile,
  MovementGuests,
  MovementReport,
  Onboarding,
  RulesPreview,
  SegmentReport,
  Session,
  TrendReport,
};
/** A row of a segment's list as the server sends it. */
export type GuestRow = SegmentGuest;

/**
 * Who is here: whether the café has an owner, and the session when logged in. The server
 * answers 200 either way, so a visit before logging in logs no error in the browser.
 */
export const authStateQuery = {
  queryKey: ['session'],
  queryFn: async () => {
    const state = await api<AuthState>('/api/auth/state');
    setCsrfToken(state.session?.csrfToken ?? null);
    return state;
  },
  staleTime: Infinity,
};
export const useAuthState = () => useQuery(authStateQuery);

/** After login, setup or logout: forget everything cached and ask who is here. */
export async function sessionChanged(client: QueryClient, csrfToken: string | null): Promise<void> {
  setCsrfToken(csrfToken);
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
  await client.invalidateQueries({ queryKey: ['session'] });
}

// The segments screen's reads use the addresses the server preloads for it (SEGMENTS_SCREEN_READS).
/** Fresh for a few seconds: the answers fetched before the first paint (first-screen.ts) are not asked again as the screen mounts. */
const FIRST_SCREEN_FRESH_MS = 5_000;
export const segmentReportQuery = {
  queryKey: ['report', 'segments'],
  queryFn: () => api<SegmentReport>(SEGMENTS_SCREEN_READS.report),
  staleTime: FIRST_SCREEN_FRESH_MS,
};
export const useSegmentReport = () => useQuery(segmentReportQuery);
export const movementsQuery = (days: number) => ({
  queryKey: ['report', 'movements', days],
  queryFn: () => api<MovementReport>(days === 7 ? SEGMENTS_SCREEN_READS.week : `/api/reports/movements?days=${days}`),
  staleTime: FIRST_SCREEN_FRESH_MS,
});
export const useMovements = (days: number) => useQuery(movementsQuery(days));
export const useTrend = () => useQuery({ queryKey: ['report', 'trend'], queryFn: () => api<TrendReport>('/api/reports/trend?weeks=26') });
export const settingsQuery = { queryKey: ['settings'], queryFn: () => api<CafeSettings>(SEGMENTS_SCREEN_READS.settings), staleTime: FIRST_SCREEN_FRESH_MS };
export const useSettingsQuery = () => useQuery(settingsQuery);
export const useDevices = () => useQuery({ queryKey: ['devices'], queryFn: () => api<{ devices: Device[]; restoredAt: string | null }>('/api/devices') });
export const onboardingQuery = { queryKey: ['onboarding'], queryFn: () => api<Onboarding>(SEGMENTS_SCREEN_READS.onboarding), staleTime: FIRST_SCREEN_FRESH_MS };
export const useOnboarding = () => useQuery(onboardingQuery);
export const useGuestProfile = (id: string) => useQuery({ queryKey: ['guest', id], queryFn: () => api<GuestProfile>(`/api/guests/${encodeURIComponent(id)}`) });
export const useMovedGuests = (days: number, from: string | null, to: string) =>
  useQuery({
    queryKey: ['report', 'moved', days, from, to],
    queryFn: () =>
      api<MovementGuests>(`/api/reports/movements/guests?${new URLSearchParams({ days: String(days), to, ...(from === null ? {} : { from }) }).toString()}`),
  });

export interface GuestQuery {
  segment: string;
  sort: 'lastVisit' | 'visits' | 'spend';
  dir: 'asc' | 'desc';
  search: string;
}

export const GUEST_PAGE = 100;

export const guestPageQuery = (q: GuestQuery, page: number) => ({
  queryKey: ['guests', q, page],
  queryFn: () =>
    api<GuestPage>(`/api/segments/${encodeURIComponent(q.segment)}/guests`, {
      method: 'POST',
      body: { sort: q.sort, dir: q.dir, search: q.search || undefined, offset: page * GUEST_PAGE, limit: GUEST_PAGE },
    }),
  staleTime: 60_000,
});

/** A write that refreshes what it changes once it succeeds. */
export function useWrite<I, O>(fn: (input: I) => Promise<O>, refresh: string[][] = []) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      for (const key of refresh) await client.invalidateQueries({ queryKey: key });
    },
  });
}
