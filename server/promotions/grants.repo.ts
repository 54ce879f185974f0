/**
 * Grants of personal promotions (shared/promotions/personal.ts; 0013_promotion_grants.sql).
 * A grant is written by whoever queues the message that carries the offer, in that same
 * transaction, so a guest holds the offer exactly when their message was decided; the café's
 * lock is held so the grants' change numbers commit in order for tablets' cursors.
 */
import { DomainError } from '../../shared/domain/domain-error.ts';
import type { CafeId, GuestId } from '../../shared/domain/ids.ts';
import type { Grants } from '../../shared/promotions/personal.ts';
import type { Benefit, PromotionId } from '../../shared/promotions/promotion.ts';
import { benefitSchema } from '../../shared/promotions/promotion-json.ts';
import { lockCafe } from '../db/cafe-lock.ts';
import type { Sql } from '../db/db.ts';
import { promotionById, type StoredPromotion } from './promotions.repo.ts';

export interface NewGrant {
  promotionId: string;
  guestId: GuestId;
  /** Sized for the guest; null: the promotion's own. */
  benefit: Benefit | null;
}

/** Grants (or re-grants, with the newer benefit) in the caller's transaction. */
export async function grantPromotions(tx: Sql, cafeId: CafeId, grants: readonly NewGrant[], source: string, now: Date): Promise<void> {
  if (grants.length === 0) return;
  await lockCafe(tx, cafeId);
  await tx.query(
    `INSERT INTO promotion_grants (cafe_id, promotion_id, guest_id, benefit, source, granted_at)
     SELECT $1, p, g, b, $5, $6 FROM unnest($2::uuid[], $3::uuid[], $4::jsonb[]) AS r (p, g, b)
     ON CONFLICT (cafe_id, promotion_id, guest_id)
     DO UPDATE SET benefit = EXCLUDED.benefit, source = EXCLUDED.source, granted_at = EXCLUDED.granted_at, version = nextval('change_seq')`,
    [
      cafeId,
      grants.map((g) => g.promotionId),
      grants.map((g) => g.guestId),
      grants.map((g) => (g.benefit ? JSON.stringify(g.benefit) : null)),
      source,
      now.toISOString(),
    ],
  );
}

/**
 * Grants every guest whose message of this mailing is queued (not held out, not skipped) — a
 * mailing's queue can hold a million rows, so they are read where they are.
 */
export async function grantToMailing(tx: Sql, cafeId: CafeId, promotionId: string, mailingId: string, now: Date): Promise<void> {
  await lockCafe(tx, cafeId);
  await tx.query(
    `INSERT INTO promotion_grants (cafe_id, promotion_id, guest_id, benefit, source, granted_at)
     SELECT $1, $2, q.guest_id, NULL, $5, $4 FROM message_queue q
     WHERE q.cafe_id = $1 AND q.mailing_id = $3::uuid AND q.status = 'queued'
     ON CONFLICT (cafe_id, promotion_id, guest_id)
     DO UPDATE SET benefit = NULL, source = EXCLUDED.source, granted_at = EXCLUDED.granted_at, version = nextval('change_seq')`,
    [cafeId, promotionId, mailingId, now.toISOString(), `mailing:${mailingId}`],
  );
}

/** The guest's grants among these promotions. */
export async function grantsOf(tx: Sql, cafeId: CafeId, guestId: string, promotionIds: readonly string[]): Promise<Grants> {
  const rows = await tx.query<{ promotion_id: string; benefit: unknown }>(
    'SELECT promotion_id, benefit FROM promotion_grants WHERE cafe_id = $1 AND guest_id = $2 AND promotion_id = ANY($3::uuid[])',
    [cafeId, guestId, promotionIds],
  );
  return new Map(rows.map((r) => [r.promotion_id as PromotionId, r.benefit === null ? null : benefitSchema.parse(r.benefit)]));
}

/**
 * The promotion an owner attaches to a mailing or a scenario: it must exist, be personal (one
 * for everyone needs no message to be offered) and not have ended. `field` names the input.
 */
export async function attachablePromotion(tx: Sql, cafeId: CafeId, id: string, field: string): Promise<StoredPromotion> {
  const p = await promotionById(tx, cafeId, id);
  if (!p) throw new DomainError('not-found', `${field}: no promotion ${id}`, field);
  if (!p.personal) throw new DomainError('invalid', `${field}: the promotion "${p.name}" is for everyone; attach a personal one`, field);
  if (p.status === 'ended') throw new DomainError('promotion-ended', `${field}: the promotion "${p.name}" has ended`, field);
  return p;
}
