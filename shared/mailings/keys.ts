/**
 * One stable key per message: a (mailing, guest) pair or a (scenario occurrence, guest)
 * pair. The queue row is unique by it, every retry sends it again unchanged, and providers
 * that take an idempotency key (the SMS webhook's `Idempotency-Key`) get it, so neither the
 * product nor a provider that honours the key delivers one message twice.
 *
 * A key is built only from ids, never from a time or a counter, so building it again after
 * a crash gives the same key. It is plain ASCII that fits an HTTP header and a log line,
 * and it can be read back (`parseMessageKey`): `mailing:<mailingId>:<guestId>` or
 * `scenario:<scenarioId>:<occurrence>:<guestId>`. Guest ids are UUIDs, unique across
 * cafés, so two cafés sharing one SMS gateway never send the same key.
 */
import type { Brand } from '../domain/brand.ts';
import type { GuestId } from '../domain/ids.ts';

export type MessageKey = Brand<string, 'MessageKey'>;

export type MessageSource =
  | { kind: 'mailing'; mailingId: string }
  /** `occurrence` tells one firing of the scenario for this guest from another (a date, a year). */
  | { kind: 'scenario'; scenarioId: string; occurrence: string };

/** Letters, digits, `.`, `_`, `-`: no separator, no space, nothing a header would mangle. */
const PART = /^[A-Za-z0-9._-]{1,64}$/;

export function messageKey(source: MessageSource, guestId: GuestId): MessageKey {
  const parts = source.kind === 'mailing' ? ['mailing', source.mailingId, guestId] : ['scenario', source.scenarioId, source.occurrence, guestId];
  for (const p of parts.slice(1)) if (!PART.test(p)) throw new RangeError(`message key part "${p}" must be 1–64 of A–Z a–z 0–9 . _ -`);
  return parts.join(':') as MessageKey;
}

export function parseMessageKey(key: string): { source: MessageSource; guestId: GuestId } | null {
  const parts = key.split(':');
  if (!parts.slice(1).every((p) => PART.test(p))) return null;
  if (parts[0] === 'mailing' && parts.length === 3) return { source: { kind: 'mailing', mailingId: parts[1]! }, guestId: parts[2] as GuestId };
  if (parts[0] === 'scenario' && parts.length === 4) {
    return { source: { kind: 'scenario', scenarioId: parts[1]!, occurrence: parts[2]! }, guestId: parts[3] as GuestId };
  }
  return null;
}
