/**
 * The café's promotions. A draft is stored only after promotion-schema.ts accepted it (the
 * callers' job: the CLI and the owner's routes), as JSON that promotion-json.ts reads back.
 * Every write takes a new change number so tablets pull the row again, and holds the café's
 * lock so those numbers commit in order. Nothing is deleted: an ended promotion stays, final,
 * because purchases and reports keep naming it.
 */
import type { CafeId } from '../../shared/domain/ids.ts';
import { canChangeStatus, type Promotion, type PromotionDraft, type PromotionId, type PromotionStatus } from '../../shared/promotions/promotion.ts';
import { promotionDraftSchema, promotionStatusSchema } from '../../shared/promotions/promotion-json.ts';
import { lockCafe } from '../db/cafe-lock.ts';
import type { Db, Sql } from '../db/db.ts';

export interface StoredPromotion extends Promotion {
  createdAt: Date;
  updatedAt: Date;
  endedAt: Date | null;
}

interface Row {
  id: string;
  definition: unknown;
  status: string;
  created_at: Date;
  updated_at: Date;
  ended_at: Date | null;
}

const COLUMNS = 'id, definition, status, created_at, updated_at, ended_at';

export const toPromotion = (r: Pick<Row, 'id' | 'definition' | 'status'>): Promotion => ({
  ...promotionDraftSchema.parse(r.definition),
  id: r.id as PromotionId,
  status: promotionStatusSchema.parse(r.status),
});

const toStored = (r: Row): StoredPromotion => ({ ...toPromotion(r), createdAt: r.created_at, updatedAt: r.updated_at, endedAt: r.ended_at });

export async function createPromotion(db: Db, cafeId: CafeId, id: PromotionId, draft: PromotionDraft, now: Date): Promise<StoredPromotion> {
  return db.transaction(async (tx) => {
    await lockCafe(tx, cafeId);
    const rows = await tx.query<Row>(
      `INSERT INTO promotions (cafe_id, id, name, definition, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING ${COLUMNS}`,
      [cafeId, id, draft.name, JSON.stringify(draft), now.toISOString()],
    );
    return toStored(rows[0]!);
  });
}

/** Newest first. */
export async function listPromotions(sql: Sql, cafeId: CafeId): Promise<StoredPromotion[]> {
  const rows = await sql.query<Row>(`SELECT ${COLUMNS} FROM promotions WHERE cafe_id = $1 ORDER BY created_at DESC, id DESC`, [cafeId]);
  return rows.map(toStored);
}

export async function promotionById(sql: Sql, cafeId: CafeId, id: string): Promise<StoredPromotion | null> {
  if (!UUID.test(id)) return null;
  const rows = await sql.query<Row>(`SELECT ${COLUMNS} FROM promotions WHERE cafe_id = $1 AND id = $2`, [cafeId, id]);
  return rows[0] ? toStored(rows[0]) : null;
}

export type ChangeResult = { ok: true; promotion: StoredPromotion } | { ok: false; reason: 'not-found' | 'ended' | 'same-status' };

/** Replaces what the owner decides; an ended promotion is final and is not edited. */
export async function editPromotion(db: Db, cafeId: CafeId, id: string, draft: PromotionDraft, now: Date): Promise<ChangeResult> {
  return db.transaction(async (tx) => {
    await lockCafe(tx, cafeId);
    const current = await promotionById(tx, cafeId, id);
    if (!current) return { ok: false, reason: 'not-found' };
    if (current.status === 'ended') return { ok: false, reason: 'ended' };
    const rows = await tx.query<Row>(
      `UPDATE promotions SET name = $3, definition = $4, updated_at = $5, version = nextval('change_seq')
       WHERE cafe_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [cafeId, id, draft.name, JSON.stringify(draft), now.toISOString()],
    );
    return { ok: true, promotion: toStored(rows[0]!) };
  });
}

/** Pause, resume or end (see canChangeStatus: ended is final). */
export async function setPromotionStatus(db: Db, cafeId: CafeId, id: string, status: PromotionStatus, now: Date): Promise<ChangeResult> {
  return db.transaction(async (tx) => {
    await lockCafe(tx, cafeId);
    const current = await promotionById(tx, cafeId, id);
    if (!current) return { ok: false, reason: 'not-found' };
    if (!canChangeStatus(current.status, status)) return { ok: false, reason: current.status === 'ended' ? 'ended' : 'same-status' };
    const rows = await tx.query<Row>(
      `UPDATE promotions SET status = $3, updated_at = $4, ended_at = CASE WHEN $3 = 'ended' THEN $4::timestamptz END, version = nextval('change_seq')
       WHERE cafe_id = $1 AND id = $2 RETURNING ${COLUMNS}`,
      [cafeId, id, status, now.toISOString()],
    );
    return { ok: true, promotion: toStored(rows[0]!) };
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
