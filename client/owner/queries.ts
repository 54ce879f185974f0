/**
 * Server data for the owner's screens, through TanStack Query: cached per screen, refetched
 * when the phone comes back to the app, retried on a network blip. The response types are
 * the server's own (type-only imports: no server code reaches the bundle).
 */
import { useMutation, useQuery, useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { RuleSet } from '../../shared/segments/rules.ts';
import type { MovementReport, TrendReport } from '../../server/segments/movements.repo.ts';
import type { RulesPreview } from '../../server/segments/rules-preview.ts';
import type { SegmentReport } from '../../server/segments/segments.repo.ts';
import { api, ApiFailure, setCsrfToken } from './api.ts';

export interface Session {
  email: string;
  csrfToken: string;
  cafe: { name: string };
}

export interface GuestRow {
  id: string;
  phone: string;
  name: string | null;
  consent: boolean;
  registeredAt: string;
  visits: number;
  lastVisitAt: string | null;
  totalSpend: number;
}

export interface GuestPage {
  /** Only with the first page. */
  total: number | null;
  offset: number;
  guests: GuestRow[];
}

export interface Device {
  id: string;
  name: string;
  pairedAt: string;
  revokedAt: string | null;
  lastSeenAt: string | null;
  clockAheadMs: number;
}

export interface CafeSettings {
  name: string;
  timeZone: string;
  rules: RuleSet;
}

export type { MovementReport, RulesPreview, SegmentReport, TrendReport };

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
