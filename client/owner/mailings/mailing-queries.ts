/** Server data of the mailing screens (TanStack Query); types from shared/api, imported as types only. */
import { useQuery } from '@tanstack/react-query';
import type { ConsentView, MailingDetail, MailingList, MailingSettingsView, ScenarioList, TelegramLink } from '../../../shared/api/mailings.ts';
import { mailingMessages, type MailingMessages } from '../../i18n/mailing-messages.ts';
import { api } from '../api.ts';
import { useOwnerUi } from '../store.ts';

export const useMailings = () => useQuery({ queryKey: ['mailings'], queryFn: () => api<MailingList>('/api/mailings') });
export const useMailing = (id: string) =>
  useQuery({ queryKey: ['mailings', id], queryFn: () => api<MailingDetail>(`/api/mailings/${encodeURIComponent(id)}`) });
export const useMailingSettings = () => useQuery({ queryKey: ['mailing-settings'], queryFn: () => api<MailingSettingsView>('/api/mailings/settings') });
export const useScenarios = () => useQuery({ queryKey: ['scenarios'], queryFn: () => api<ScenarioList>('/api/scenarios') });
export const useTelegramLink = () => useQuery({ queryKey: ['telegram-link'], queryFn: () => api<TelegramLink>('/api/mailings/telegram-link') });
export const useConsent = (guestId: string) =>
  useQuery({ queryKey: ['consent', guestId], queryFn: () => api<ConsentView>(`/api/guests/${encodeURIComponent(guestId)}/consent`) });

export function useMailingT(): MailingMessages {
  return mailingMessages[useOwnerUi((s) => s.locale)];
}
