/**
 * One pushed envelope checked on its own: its shape (shared schemas, as strict as the
 * counter), its times against the server's clock (shared/sync/plausible.ts), and the hash of
 * what it holds, by which a reused id is told from a retry. A refusal names the field inside
 * the push, e.g. `mutations.3.mutation.amount`.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { DomainError } from '../../shared/domain/domain-error.ts';
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

function kindOf(raw: unknown): string | null {
  const kind = (raw as { mutation?: { kind?: unknown } } | null)?.mutation?.kind;
  return typeof kind === 'string' && /^[a-z.]{1,40}$/.test(kind) ? kind : null;
}
