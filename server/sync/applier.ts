/**
 * What a server applier of one mutation kind gets: the push's transaction, the tablet, the
 * server's clock, and the set of guests the batch wrote (their segments are recorded before
 * the batch commits). An applier applies a run of consecutive mutations of its kind, in
 * order, so kinds that benefit from it (purchases) can write the run in one statement.
 * A refusal is a DomainError; it rolls back the whole batch.
 */
import type { CafeId, GuestId } from '../../shared/domain/ids.ts';
import type { MutationKind, MutationOf } from '../../shared/sync/mutations.ts';
import type { Envelope } from '../../shared/sync/protocol.ts';
import type { Device } from '../cafe/devices.repo.ts';
import type { Sql } from '../db/db.ts';

export interface PushContext {
  tx: Sql;
  cafeId: CafeId;
  device: Device;
  now: Date;
  touched: Set<GuestId>;
}

export type EnvelopeOf<K extends MutationKind> = Omit<Envelope, 'mutation'> & { mutation: MutationOf<K> };

export interface Applier<K extends MutationKind> {
  apply(ctx: PushContext, run: readonly EnvelopeOf<K>[]): Promise<void>;
}

/** One applier per kind: the compiler refuses a registry that misses one. */
export type Appliers = { [K in MutationKind]: Applier<K> };
