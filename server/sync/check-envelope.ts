/**
 * One pushed envelope checked on its own: its shape (shared schemas, as strict as the
 * counter), its times against the server's clock (shared/sync/plausible.ts; a stamp ahead is
 * taken at the receive time), and the hash of
 * what it holds, by which a reused id is told from a retry. A refusal names the field inside
 * the push, e.g. `mutations.3.mutation.amount`.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DomainError } from '../../shared/domain/domain-error.ts';
import { parseHlc, tick } from '../../shared/sync/hlc.ts';
import { tooFarAhead } from '../../shared/sync/plausible.ts';
import { type Envelope, envelopeSchema, type Refusal } from '../../shared/sync/protocol.ts';
import type { EnvelopeOf } from './applier.ts';
import type { MutationKind } from '../../shared/sync/mutations.ts';

export interface CheckedEnvelope {
  index: number;
  envelope: EnvelopeOf<MutationKind>;
  /** sha-256 of the mutation as parsed (defaults filled in), so an older tablet's retry matches. */
  hash: string;
}

export type EnvelopeCheck = CheckedEnvelope | { index: number; refusal: Refusal; kind: string | null };

const idOnly = z.object({ mutationId: z.uuid() });

export function checkEnvelope(raw: unknown, index: number, now: Date): EnvelopeCheck {
  const at = `mutations.${index}`;
  const parsed = envelopeSchema.safeParse(raw);
  if (!parsed.success) {
    const id = idOnly.safeParse(raw);
    const issue = parsed.error.issues[0]!;
    const field = [at, ...issue.path.map(String)].join('.');
    if (!id.success) throw new DomainError('invalid', `${field}: ${issue.message}`, field);
    return { index, refusal: { mutationId: id.data.mutationId, code: 'invalid', message: issue.message, field }, kind: kindOf(raw) };
  }
  const envelope = parsed.data as Envelope;
  const ahead = tooFarAhead(envelope, now);
  if (ahead) {
    const refusal = {
      mutationId: envelope.mutationId,
      code: 'invalid',
      message: 'a time more than a day ahead of the server’s clock',
      field: `${at}.${ahead}`,
    };
    return { index, refusal, kind: envelope.mutation.kind };
  }
  return { index, envelope, hash: createHash('sha256').update(JSON.stringify(envelope.mutation)).digest('base64url') };
}

/**
 * Stamps ahead of the server's clock (by less than the day refused above) are taken as made when
 * they arrived: kept as sent, a tablet 23 hours fast would win every edit of that field for a
 * day, a later consent withdrawal from another tablet included, and its stamps would pull every
 * tablet's clock ahead. Taken in order, each after the one before, so the batch keeps its order.
 */
export function stampsAtReceiveTime(checked: readonly EnvelopeCheck[], now: Date): EnvelopeCheck[] {
  let last: string | null = null;
  return checked.map((c) => {
    if (!('envelope' in c)) return c;
    const stamp = parseHlc(c.envelope.hlc);
    if (stamp.wall <= now.getTime()) return c;
    last = tick(last, now.getTime(), stamp.node);
    return { ...c, envelope: { ...c.envelope, hlc: last } };
  });
}

function kindOf(raw: unknown): string | null {
  const kind = (raw as { mutation?: { kind?: unknown } } | null)?.mutation?.kind;
  return typeof kind === 'string' && /^[a-z.]{1,40}$/.test(kind) ? kind : null;
}
