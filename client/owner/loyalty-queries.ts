/** Server data of the bonus-programme screens, through TanStack Query (types from shared/api, imported as types only). */
import { useQuery } from '@tanstack/react-query';
import type { GuestEntries, LoyaltyReport } from '../../shared/api/loyalty.ts';
import type { LoyaltyProgram } from '../../shared/loyalty/program.ts';
import { loyaltyMessages, type LoyaltyMessages } from '../i18n/loyalty-messages.ts';
import { api } from './api.ts';
import { useOwnerUi } from './store.ts';

export type { GuestEntries, LoyaltyProgram, LoyaltyReport };

/** The report over the last `days` café days, or all time (null). */
export const useLoyaltyReport = (days: number | null) =>
  useQuery({ queryKey: ['loyalty', 'report', days], queryFn: () => api<LoyaltyReport>(`/api/loyalty/report${days ? `?days=${days}` : ''}`) });
export const useProgram = () => useQuery({ queryKey: ['loyalty', 'program'], queryFn: () => api<LoyaltyProgram>('/api/loyalty/program') });
export const useGuestEntries = (guestId: string) =>
  useQuery({ queryKey: ['loyalty', 'entries', guestId], queryFn: () => api<GuestEntries>(`/api/loyalty/guests/${encodeURIComponent(guestId)}/entries`) });

export function useLoyaltyT(): LoyaltyMessages {
  return loyaltyMessages[useOwnerUi((s) => s.locale)];
}
