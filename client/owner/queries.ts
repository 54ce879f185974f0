/**
 * Server data for the owner's screens, through TanStack Query: cached per screen, refetched
 * when the phone comes back to the app, retried on a network blip. The response types are
 * inferred from the zod schemas of shared/api, imported as types only (no zod in the bundle).
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { Session } from '../../shared/api/auth.ts';
import type { Device } from '../../shared/api/devices.ts';
import type { MovementReport, SegmentReport, TrendReport } from '../../shared/api/reports.ts';
import type { GuestPage, SegmentGuest } from '../../shared/api/segment-guests.ts';
import type { CafeSettings, RulesPreview } from '../../shared/api/settings.ts';
import { api, ApiFailure, setCsrfToken } from './api.ts';

export type { CafeSettings, Device, GuestPage, MovementReport, RulesPreview, SegmentReport, Session, TrendReport };
/** A row of a segment's list as the server sends it. */
export type GuestRow = SegmentGuest;

/** The session, or null when no one is logged in (401 is an answer here, not an error). */
export function useSession() {
  return useQuery({
    queryKey: ['session'],
    queryFn: async () => {
      try {
        const s = await api<Session>('/api/auth/session');
        setCsrfToken(s.csrfToken);
        return s;
      } catch (e) {
        if (e instanceof ApiFailure && e.status === 401) return null;
        throw e;
      }
    },
    staleTime: Infinity,
  });
}

/** After login, setup or logout: forget everything cached and ask who is here. */
export async function sessionChanged(client: QueryClient, csrfToken: string | null): Promise<void> {
  setCsrfToken(csrfToken);
  client.removeQueries({ predicate: (q) => q.queryKey[0] !== 'session' });
  await client.invalidateQueries({ queryKey: ['session'] });
}

export const useSegmentReport = () => useQuery({ queryKey: ['report', 'segments'], queryFn: () => api<SegmentReport>('/api/reports/segments') });
export const useMovements = (days: number) =>
  useQuery({ queryKey: ['report', 'movements', days], queryFn: () => api<MovementReport>(`/api/reports/movements?days=${days}`) });
export const useTrend = () => useQuery({ queryKey: ['report', 'trend'], queryFn: () => api<TrendReport>('/api/reports/trend?weeks=26') });
export const useSettingsQuery = () => useQuery({ queryKey: ['settings'], queryFn: () => api<CafeSettings>('/api/settings') });
export const useDevices = () => useQuery({ queryKey: ['devices'], queryFn: () => api<{ devices: Device[] }>('/api/devices') });

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
