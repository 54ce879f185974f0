/** A stored promotion as the owner's API returns it: the promotion as it travels, with its times as ISO instants. */
import type { PromotionView } from '../../shared/api/promotions.ts';
import type { StoredPromotion } from './promotions.repo.ts';

export function promotionView({ createdAt, updatedAt, endedAt, ...promotion }: StoredPromotion): PromotionView {
  return { ...promotion, createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString(), endedAt: endedAt?.toISOString() ?? null };
}
