/**
 * Marketing consent (38-FZ art. 18) is its own record, separate from the consent to store
 * personal data: default off, and every change kept with when it happened, where (the
 * source) and who made it, so the owner can show the history and a regulator can be
 * answered. Nothing is ever edited or deleted: the consent in force at an instant is
 * derived from the history, never stored beside it.
 *
 * Withdrawal wins at once: it takes effect at its own instant, with no grace period, on
 * every channel, and a grant and a withdrawal stamped with the same instant resolve to
 * withdrawn. Because consent is asked for at send time (`consentAt(history, sendingAt)`),
 * a message queued while the guest agreed and sent after they withdrew is not sent.
 */
import type { GuestId } from '../domain/ids.ts';

/** Where a change was made. */
export const CONSENT_SOURCES = ['counter', 'import', 'telegram', 'email-link', 'owner'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

/**
 * Who made a change. The source says where; the actor says who, and each source has
 * exactly one kind of actor (see `ACTOR_OF_SOURCE`): a barista's tablet at the counter, the
 * owner's account in the guest's profile, the import run that read a file, and the guest
 * themself in Telegram (contact shared, STOP, a button) or by the e-mail link.
 */
export type ConsentActor = { kind: 'device'; deviceId: string } | { kind: 'owner'; ownerId: string } | { kind: 'import'; importId: string } | { kind: 'guest' };

export const ACTOR_OF_SOURCE = {
  counter: 'device',
  owner: 'owner',
  import: 'import',
  telegram: 'guest',
  'email-link': 'guest',
} as const satisfies Record<ConsentSource, ConsentActor['kind']>;

export interface ConsentChange {
  guestId: GuestId;
  granted: boolean;
  /** When the change took effect: the server's accepted time for it. */
  at: Date;
  source: ConsentSource;
  by: ConsentActor;
}

/** Every change of one guest's consent, in any order; the functions below sort as they need. */
export type ConsentHistory = readonly ConsentChange[];

/** The consent in force: the latest change at or before the instant asked about, if any. */
export type ConsentState = { granted: false; change: null } | { granted: boolean; change: ConsentChange };

export type ConsentProblem = 'consent-source-unknown' | 'consent-actor-mismatch' | 'consent-time-invalid' | 'consent-guest-mismatch';

/** Whether a change is well formed on its own: a known source, the actor that source allows, a real time. */
export function checkConsentChange(change: ConsentChange): ConsentProblem | null {
  if (!(CONSENT_SOURCES as readonly string[]).includes(change.source)) return 'consent-source-unknown';
  if (ACTOR_OF_SOURCE[change.source] !== change.by.kind) return 'consent-actor-mismatch';
  if (!(change.at instanceof Date) || Number.isNaN(change.at.getTime())) return 'consent-time-invalid';
  return null;
}

/**
 * Chronological order; at one instant a grant sorts before a withdrawal, so the withdrawal
 * is the one in force. Past that, the order is arbitrary but fixed (source, then actor) so
 * two servers list one history the same way.
 */
export function compareConsentChanges(a: ConsentChange, b: ConsentChange): number {
  return (
    a.at.getTime() - b.at.getTime() ||
    Number(b.granted) - Number(a.granted) ||
    a.source.localeCompare(b.source) ||
    actorText(a.by).localeCompare(actorText(b.by))
  );
}

/** The consent in force at `instant` (changes after it do not count yet). Default: not granted. */
export function consentAt(history: ConsentHistory, instant: Date): ConsentState {
  return latestUpTo(history, instant.getTime());
}

export type RecordConsentResult = { ok: true; history: ConsentChange[]; changed: boolean; duplicate: boolean } | { ok: false; problem: ConsentProblem };

/**
 * Adds a change to a guest's history. The same change recorded twice (a retried upload, a
 * re-run import) is not added again (`duplicate`). A change that leaves the guest's
 * current consent (the latest change) as it was, such as a grant while granted or a late
 * upload stamped before a newer withdrawal, is still kept, because the history shows every
 * time the guest was asked; `changed` is then false and the guest's flag stays.
 */
export function recordConsent(history: ConsentHistory, change: ConsentChange): RecordConsentResult {
  const problem = checkConsentChange(change);
  if (problem) return { ok: false, problem };
  if (history.some((c) => c.guestId !== change.guestId)) return { ok: false, problem: 'consent-guest-mismatch' };
  const sorted = [...history].sort(compareConsentChanges);
  if (sorted.some((c) => compareConsentChanges(c, change) === 0 && c.guestId === change.guestId)) {
    return { ok: true, history: sorted, changed: false, duplicate: true };
  }
  const next = [...sorted, change].sort(compareConsentChanges);
  return { ok: true, history: next, changed: currentConsent(next).granted !== currentConsent(sorted).granted, duplicate: false };
}

/** The history as the owner reads it: newest first. */
export function consentTimeline(history: ConsentHistory): ConsentChange[] {
  return [...history].sort((a, b) => compareConsentChanges(b, a));
}

/** The guest's consent as of the newest change: what the guest's flag shows. */
export function currentConsent(history: ConsentHistory): ConsentState {
  return latestUpTo(history, Number.POSITIVE_INFINITY);
}

function latestUpTo(history: ConsentHistory, limitMs: number): ConsentState {
  let inForce: ConsentChange | null = null;
  for (const change of history) {
    if (change.at.getTime() > limitMs) continue;
    if (inForce === null || compareConsentChanges(change, inForce) > 0) inForce = change;
  }
  return inForce === null ? { granted: false, change: null } : { granted: inForce.granted, change: inForce };
}

function actorText(a: ConsentActor): string {
  switch (a.kind) {
    case 'device':
      return `device:${a.deviceId}`;
    case 'owner':
      return `owner:${a.ownerId}`;
    case 'import':
      return `import:${a.importId}`;
    case 'guest':
      return 'guest';
  }
}
