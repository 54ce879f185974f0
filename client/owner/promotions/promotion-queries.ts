/** Server data of the promotions screen, through TanStack Query (types from shared/api, imported as types only). */
import { useQuery } from '@tanstack/react-query';
import type { PromotionReport, PromotionView } from '../../../shared/api/promotions.ts';
import { promotionMessages, type PromotionMessages } from '../../i18n/promotion-messages.ts';
import { api } from '../api.ts';
import { useOwnerUi } from '../store.ts';

export type { PromotionReport, PromotionView };

export const usePromotions = () => useQuery({ queryKey: ['promotions'], queryFn: () => api<{ promotions: PromotionView[] }>('/api/promotions') });
export const usePromotionReport = (id: string) =>
  useQuery({ queryKey: ['promotions', 'report', id], queryFn: () => api<PromotionReport>(`/api/promotions/${encodeURIComponent(id)}/report`) });

export function usePromotionT(): PromotionMessages {
  return promotionMessages[useOwnerUi((s) => s.locale)];
}
