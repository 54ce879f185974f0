import { CLOCK_AHEAD_LIMIT_MS } from '../../../shared/sync/limits.ts';
import { api } from '../api.ts';
import type { PairingCode } from '../../../shared/api/devices.ts';
import { dateTime } from '../format.ts';
import { PairingCodeCard } from './PairingCodeCard.tsx';
import { RevokeDevice } from './RevokeDevice.tsx';
import { useDevices, useSettingsQuery, useWrite } from '../queries.ts';
import { QueryState } from '../QueryState.tsx';
import { useOwnerUi } from '../store.ts';
import { failureText, useOwnerT } from '../use-owner-t.ts';
import { errorMessage } from '../../i18n/error-messages.ts';

/** Whether the tablet pushed or pulled after `at`: it then knows of the restore, and sends what the backup lacked. */
const contactedSince = (d: { lastSeenAt: string | null; outboxReportedAt: string | null }, at: string) =>
  Math.max(Date.parse(d.lastSeenAt ?? '') || 0, Date.parse(d.outboxReportedAt ?? '') || 0) > Date.parse(at);

/** The counter tablets: pair one with a code shown here, see when each last synced, revoke one. */
export function DevicesScreen() {
  const t = useOwnerT();
  const locale = useOwnerUi((s) => s.locale);
  const devices = useDevices();
  const pair = useWrite(() => api<PairingCode>('/api/devices/pairing-code', { method: 'POST' }), [['onboarding']]);
  // Times on the café's clock, not the phone's: the owner may be travelling.
  const zone = useSettingsQuery().data?.timeZone ?? 'Europe/Moscow';
  return (
    <section className="owner-screen" aria-labelledby="devices-title">
      <h1 id="devices-title">{t.devices.title}</h1>
      <button type="button" className="primary" onClick={() => pair.mutate(undefined)} disabled={pair.isPending}>
        {t.devices.pair}
      </button>
      {pair.data && <PairingCodeCard key={pair.data.id} code={pair.data} zone={zone} />}
      {pair.error && <p role="alert">{failureText(t, pair.error)}</p>}
      <QueryState query={devices}>
        {({ devices: list, restoredAt }) =>
          list.length === 0 ? (
            <p className="empty">{t.devices.none}</p>
          ) : (
            <>
              {restoredAt && (
                <p className="notice" data-testid="restored">
                  {t.devices.restored(dateTime(restoredAt, locale, zone))}
                </p>
              )}
              <ul className="device-list">
                {list.map((d) => (
                  <li key={d.id} className={d.revokedAt ? 'revoked' : undefined}>
                    <strong>{d.name}</strong>
                    <span className="muted">
                      {t.devices.paired} {dateTime(d.pairedAt, locale, zone, false)} ·{' '}
                      {d.lastSeenAt ? `${t.devices.lastSeen} ${dateTime(d.lastSeenAt, locale, zone)}` : t.devices.never}
                      {d.clockAheadMs > CLOCK_AHEAD_LIMIT_MS && ` · ${t.devices.clock}`}
                    </span>
                    {restoredAt && !d.revokedAt && !contactedSince(d, restoredAt) && (
                      <span className="unsent" data-testid="device-not-since-restore">
                        {t.devices.notSinceRestore}
                      </span>
                    )}
                    {!d.revokedAt && !!d.outboxSize && d.outboxReportedAt && (
                      <span className="unsent" data-testid="device-unsent">
                        {t.devices.unsent(d.outboxSize)} ({t.devices.unsentAt(dateTime(d.outboxReportedAt, locale, zone))})
                      </span>
                    )}
                    {d.refusedCount > 0 && (
                      <details className="refused" data-testid="device-refused">
                        <summary>{t.devices.refused(d.refusedCount)}</summary>
                        <ul>
                          {d.refused.map((r) => (
                            <li key={r.mutationId}>
                              {dateTime(r.refusedAt, locale, zone)} · {(r.kind && t.devices.kinds[r.kind]) || t.devices.unknownKind}:{' '}
                              {errorMessage(r.code, locale)}
                              {r.field && <span className="muted"> ({r.field})</span>}
                            </li>
                          ))}
                        </ul>
                      </details>
                    )}
                    {d.revokedAt ? <span className="muted">{t.devices.revoked}</span> : <RevokeDevice device={d} />}
                  </li>
                ))}
              </ul>
            </>
          )
        }
      </QueryState>
    </section>
  );
}
