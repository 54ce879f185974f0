import { CLOCK_AHEAD_LIMIT_MS } from '../../../shared/sync/limits.ts';
import { api } from '../api.ts';
import { clockTime, dateTime } from '../format.ts';
import { useDevices, useSettingsQuery, useWrite } from '../queries.ts';
import { QueryState } from '../QueryState.tsx';
import { useOwnerUi } from '../store.ts';
import { failureText, useOwnerT } from '../use-owner-t.ts';
import { errorMessage } from '../../i18n/error-messages.ts';

/** The counter tablets: pair one with a code shown here, see when each last synced, revoke one. */
export function DevicesScreen() {
  const t = useOwnerT();
  const locale = useOwnerUi((s) => s.locale);
  const devices = useDevices();
  const pair = useWrite(() => api<{ code: string; expiresAt: string }>('/api/devices/pairing-code', { method: 'POST' }), [['onboarding']]);
  const revoke = useWrite((id: string) => api(`/api/devices/${id}/revoke`, { method: 'POST' }), [['devices'], ['onboarding']]);
  // Times on the café's clock, not the phone's: the owner may be travelling.
  const zone = useSettingsQuery().data?.timeZone ?? 'Europe/Moscow';
  return (
    <section className="owner-screen" aria-labelledby="devices-title">
      <h1 id="devices-title">{t.devices.title}</h1>
      <button type="button" className="primary" onClick={() => pair.mutate(undefined)} disabled={pair.isPending}>
        {t.devices.pair}
      </button>
      {pair.data && (
        <div className="pairing-code" role="status">
          <p>{t.devices.code}</p>
          <p className="code" data-testid="pairing-code">
            {pair.data.code.replace(/(\d{4})(\d{4})/, '$1 $2')}
          </p>
          <p className="muted">{t.devices.codeHint(clockTime(pair.data.expiresAt, locale, zone))}</p>
        </div>
      )}
      {(pair.error || revoke.error) && <p role="alert">{failureText(t, pair.error ?? revoke.error)}</p>}
      <QueryState query={devices}>
        {({ devices: list }) =>
          list.length === 0 ? (
            <p className="empty">{t.devices.none}</p>
          ) : (
            <ul className="device-list">
              {list.map((d) => (
                <li key={d.id} className={d.revokedAt ? 'revoked' : undefined}>
                  <strong>{d.name}</strong>
                  <span className="muted">
                    {t.devices.paired} {dateTime(d.pairedAt, locale, zone, false)} ·{' '}
                    {d.lastSeenAt ? `${t.devices.lastSeen} ${dateTime(d.lastSeenAt, locale, zone)}` : t.devices.never}
                    {d.clockAheadMs > CLOCK_AHEAD_LIMIT_MS && ` · ${t.devices.clock}`}
                  </span>
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
                  {d.revokedAt ? (
                    <span className="muted">{t.devices.revoked}</span>
                  ) : (
                    <button type="button" className="danger" onClick={() => confirm(t.devices.confirmRevoke(d.name)) && revoke.mutate(d.id)}>
                      {t.devices.revoke}
                    </button>
                  )}
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
    </section>
  );
}
