/**
 * A pull is assembled from sources, one per kind of change a tablet follows (guests with
 * their stats, merges, voids, settings, …); server/sync/pull-sources.ts lists them. Every row a
 * source serves carries a number of the café's one change sequence, so one cursor covers all
 * of them: a page is the rows numbered in (since, upto].
 */
import type { CafeId } from '../../shared/domain/ids.ts';
import type { PullResponse } from '../../shared/sync/protocol.ts';
import type { Device } from '../cafe/devices.repo.ts';
import type { Sql } from '../db/db.ts';

export type PullBody = Omit<PullResponse, 'protocol' | 'cursor' | 'more' | 'serverTime'>;

export interface PullQuery {
  tx: Sql;
  device: Device;
  since: number;
  upto: number;
  /** The server's clock: a source bounded in time (the uses of a 'daily' limit) counts back from it. */
  now: Date;
}

export interface PullSource {
  /** The highest change number among the café's rows this source serves; null when it has none. */
  latest(tx: Sql, cafeId: CafeId): Promise<number | null>;
  /** A source that can be large ends a page: with more than `limit` rows after `since`, the number of the `limit`-th. */
  pageEnd?(tx: Sql, cafeId: CafeId, since: number, limit: number): Promise<number | null>;
  /** Its part of the page: its rows numbered in (since, upto] that this tablet should see. */
  read(q: PullQuery): Promise<Partial<PullBody>>;
}
