import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { Device } from '../../../shared/api/devices.ts';
import { api, ApiFailure } from '../api.ts';
import { useWrite } from '../queries.ts';
import { failureText, useOwnerT } from '../use-owner-t.ts';

/**
 * Revoking a tablet. One that reported unsent writes takes a second, explicit step that names how
 * many will be lost; the server refuses (409 outbox-not-empty) a revoke without it, so a list
 * shown before the tablet reported cannot lose them either: the refusal brings that step up.
 */
export function RevokeDevice({ device }: { device: Device }) {
  const t = useOwnerT();
  const client = useQueryClient();
  const [forcing, setForcing] = useState(false);
  const revoke = useWrite(
    ({ force }: { force: boolean }) => api(`/api/devices/${device.id}/revoke${force ? '?force=true' : ''}`, { method: 'POST' }),
    [['devices'], ['onboarding']],
  );
  const unsent = device.outboxSize ?? 0;
  const refusedForOutbox = revoke.error instanceof ApiFailure && revoke.error.code === 'outbox-not-empty';

  function start() {
    if (unsent > 0) return setForcing(true);
    if (!confirm(t.devices.confirmRevoke(device.name))) return;
    revoke.mutate(
      { force: false },
      {
        onError: (e) => {
          if (!(e instanceof ApiFailure) || e.code !== 'outbox-not-empty') return;
          setForcing(true);
          void client.invalidateQueries({ queryKey: ['devices'] });
        },
      },
    );
  }

  if (forcing)
    return (
      <div className="force-revoke" role="alertdialog" aria-label={t.devices.revoke}>
        <p>{t.devices.forceTitle(device.name, unsent)}</p>
        <button
          type="button"
          className="danger"
          disabled={revoke.isPending}
          onClick={() => revoke.mutate({ force: true }, { onSuccess: () => setForcing(false) })}
        >
          {t.devices.forceRevoke(unsent)}
        </button>
        <button type="button" onClick={() => setForcing(false)}>
          {t.devices.cancel}
        </button>
        {revoke.error && !refusedForOutbox && <p role="alert">{failureText(t, revoke.error)}</p>}
      </div>
    );
  return (
    <>
      <button type="button" className="danger" onClick={start}>
        {t.devices.revoke}
      </button>
      {revoke.error && !refusedForOutbox && <p role="alert">{failureText(t, revoke.error)}</p>}
    </>
  );
}
