import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { GuestId } from '../domain/ids.ts';
import { type ConsentChange, checkConsentChange, consentAt, consentTimeline, currentConsent, recordConsent } from './consent.ts';

const GUEST = '0190f0aa-0000-7000-8000-000000000001' as GuestId;
const t = (iso: string) => new Date(iso);

const atCounter = (granted: boolean, at: string): ConsentChange => ({
  guestId: GUEST,
  granted,
  at: t(at),
  source: 'counter',
  by: { kind: 'device', deviceId: 'tablet-1' },
});
const byEmailLink = (at: string): ConsentChange => ({ guestId: GUEST, granted: false, at: t(at), source: 'email-link', by: { kind: 'guest' } });
const byOwner = (granted: boolean, at: string): ConsentChange => ({
  guestId: GUEST,
  granted,
  at: t(at),
  source: 'owner',
  by: { kind: 'owner', ownerId: 'o1' },
});

describe('the consent in force at an instant', () => {
  it('is off for a guest who was never asked', () => {
    expect(consentAt([], t('2026-11-23T10:00Z'))).toEqual({ granted: false, change: null });
    expect(currentConsent([])).toEqual({ granted: false, change: null });
  });

  it('starts exactly at the instant of the grant, not a millisecond before', () => {
    const history = [atCounter(true, '2026-11-01T10:00:00.000Z')];
    expect(consentAt(history, t('2026-11-01T09:59:59.999Z')).granted).toBe(false);
    expect(consentAt(history, t('2026-11-01T10:00:00.000Z')).granted).toBe(true);
    expect(consentAt(history, t('2026-11-01T10:00:00.000Z')).change?.source).toBe('counter');
  });

  it('ends at the instant of the withdrawal: a message queued before it and sent after it is not allowed', () => {
    const history = [atCounter(true, '2026-11-01T10:00Z'), byEmailLink('2026-11-05T20:30Z')];
    const queuedAt = t('2026-11-05T18:00Z');
    const sendingAt = t('2026-11-06T06:00Z'); // quiet hours made it wait past the click
    expect(consentAt(history, queuedAt).granted).toBe(true);
    expect(consentAt(history, t('2026-11-05T20:29:59.999Z')).granted).toBe(true);
    expect(consentAt(history, t('2026-11-05T20:30Z')).granted).toBe(false);
    expect(consentAt(history, sendingAt)).toEqual({ granted: false, change: history[1] });
  });

  it('lets a withdrawal win over a grant stamped with the same instant, in either order', () => {
    const grant = atCounter(true, '2026-11-05T12:00Z');
    const withdraw = byEmailLink('2026-11-05T12:00Z');
    expect(consentAt([grant, withdraw], t('2026-11-05T12:00Z')).granted).toBe(false);
    expect(consentAt([withdraw, grant], t('2026-11-05T12:00Z')).granted).toBe(false);
    expect(currentConsent([withdraw, grant]).change).toBe(withdraw);
  });

  it('follows grant, withdrawal and a new grant, whatever order the history is stored in', () => {
    const changes = [atCounter(true, '2026-01-01T10:00Z'), byOwner(false, '2026-02-01T10:00Z'), atCounter(true, '2026-03-01T10:00Z')];
    fc.assert(
      fc.property(fc.shuffledSubarray(changes, { minLength: 3, maxLength: 3 }), (history) => {
        expect(consentAt(history, t('2025-12-31T00:00Z')).granted).toBe(false);
        expect(consentAt(history, t('2026-01-15T00:00Z')).granted).toBe(true);
        expect(consentAt(history, t('2026-02-15T00:00Z')).granted).toBe(false);
        expect(consentAt(history, t('2026-03-15T00:00Z')).granted).toBe(true);
        expect(currentConsent(history).change).toBe(changes[2]);
      }),
    );
  });
});

describe('recording a change', () => {
  it('keeps every change, newest first for the owner, with where and by whom', () => {
    let history: ConsentChange[] = [];
    for (const c of [atCounter(true, '2026-01-01T10:00Z'), byEmailLink('2026-02-01T10:00Z')]) {
      const r = recordConsent(history, c);
      if (!r.ok) throw new Error(r.problem);
      expect(r.changed).toBe(true);
      history = r.history;
    }
    expect(consentTimeline(history).map((c) => [c.at.toISOString(), c.granted, c.source, c.by.kind])).toEqual([
      ['2026-02-01T10:00:00.000Z', false, 'email-link', 'guest'],
      ['2026-01-01T10:00:00.000Z', true, 'counter', 'device'],
    ]);
  });

  it('does not add the same change twice (a retried upload)', () => {
    const first = recordConsent([], atCounter(true, '2026-01-01T10:00Z'));
    if (!first.ok) throw new Error(first.problem);
    const again = recordConsent(first.history, atCounter(true, '2026-01-01T10:00Z'));
    expect(again).toEqual({ ok: true, history: first.history, changed: false, duplicate: true });
  });

  it('keeps a grant while granted but reports no change of the flag', () => {
    const r = recordConsent([atCounter(true, '2026-01-01T10:00Z')], byOwner(true, '2026-01-02T10:00Z'));
    expect(r.ok && r.history.length === 2 && r.changed === false && r.duplicate === false).toBe(true);
  });

  it('reports no change for a late upload stamped before a newer withdrawal', () => {
    const history = [atCounter(true, '2026-01-01T10:00Z'), byEmailLink('2026-01-05T10:00Z')];
    const late = recordConsent(history, atCounter(true, '2026-01-04T10:00Z'));
    expect(late.ok && late.changed).toBe(false);
    expect(late.ok && currentConsent(late.history).granted).toBe(false);
  });

  it('refuses a change whose actor does not fit its source', () => {
    const wrong = { ...atCounter(false, '2026-01-01T10:00Z'), by: { kind: 'guest' } } satisfies ConsentChange;
    expect(checkConsentChange(wrong)).toBe('consent-actor-mismatch');
    expect(recordConsent([], wrong)).toEqual({ ok: false, problem: 'consent-actor-mismatch' });
    expect(checkConsentChange({ ...byOwner(true, '2026-01-01T10:00Z'), by: { kind: 'device', deviceId: 'x' } })).toBe('consent-actor-mismatch');
    expect(checkConsentChange({ ...byOwner(true, '2026-01-01T10:00Z'), by: { kind: 'owner', ownerId: 'o1' } })).toBeNull();
    expect(checkConsentChange({ guestId: GUEST, granted: true, at: t('2026-01-01T10:00Z'), source: 'telegram', by: { kind: 'guest' } })).toBeNull();
    expect(
      checkConsentChange({ guestId: GUEST, granted: true, at: t('2026-01-01T10:00Z'), source: 'import', by: { kind: 'import', importId: 'run-1' } }),
    ).toBeNull();
  });

  it('refuses an unknown source, an invalid time and another guest’s history', () => {
    const bad = { ...atCounter(true, '2026-01-01T10:00Z'), source: 'fax' } as unknown as ConsentChange;
    expect(checkConsentChange(bad)).toBe('consent-source-unknown');
    expect(checkConsentChange({ ...atCounter(true, '2026-01-01T10:00Z'), at: new Date(Number.NaN) })).toBe('consent-time-invalid');
    const other = { ...atCounter(true, '2026-01-01T10:00Z'), guestId: '0190f0aa-0000-7000-8000-000000000002' as GuestId };
    expect(recordConsent([atCounter(true, '2025-01-01T10:00Z')], other)).toEqual({ ok: false, problem: 'consent-guest-mismatch' });
  });
});
