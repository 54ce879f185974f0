import { useQuery } from '@tanstack/react-query';
import type { PairingCode, PairingCodeStatus } from '../../../shared/api/devices.ts';
import { api } from '../api.ts';
import { clockTime } from '../format.ts';
import { useOwnerUi } from '../store.ts';
import { useOwnerT } from '../use-owner-t.ts';

/** How often the card asks how the code stands while it is live: a withdrawn code must not stay on screen as if it worked. */
export const CODE_POLL_MS = 5_000;

/** The code to type on the tablet, while it is live; once used, expired or withdrawn (too many wrong codes), says so instead. */
export function PairingCodeCard({ code, zone }: { code: PairingCode; zone: string }) {
  const t = useOwnerT();
  const locale = useOwnerUi((s) => s.locale);
  const status = useQuery({
    queryKey: ['pairing-code', code.id],
    queryFn: () => api<{ status: PairingCodeStatus }>(`/api/devices/pairing-code/${code.id}`),
    refetchInterval: (q) => (q.state.data && q.state.data.status !== 'live' ? false : CODE_POLL_MS),
  }).data?.status;
  if (status && status !== 'live')
    return (
      <div className="pairing-code" role="status" data-testid="pairing-code-state">
        <p>{status === 'used' ? t.devices.codeUsed : status === 'expired' ? t.devices.codeExpired : t.devices.codeWithdrawn}</p>
      </div>
    );
  return (
    <div className="pairing-code" role="status">
      <p>{t.devices.code}</p>
      <p className="code" data-testid="pairing-code">
        {code.code.replace(/(\d{4})(\d{4})/, '$1 $2')}
      </p>
      <p className="muted">{t.devices.codeHint(clockTime(code.expiresAt, locale, zone))}</p>
    </div>
  );
}
