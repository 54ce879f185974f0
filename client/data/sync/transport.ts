/** The tablet's side of the HTTP sync contract; injectable so tests and the simulator can add faults. */
import { PROTOCOL } from '../../../shared/sync/limits.ts';
import type { PullResponse, PushRequest, PushResponse } from '../../../shared/sync/protocol.ts';

export class SyncHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
  /** Retrying will not help: the tablet must be re-paired or updated. */
  get fatal(): boolean {
    return this.status === 401 || this.status === 403 || this.status === 426;
  }
}

export interface SyncTransport {
  push(req: PushRequest): Promise<PushResponse>;
  /** `outboxSize`: how many writes wait in this tablet's outbox, reported to the owner. */
  pull(since: string, outboxSize?: number): Promise<PullResponse>;
}

type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

async function json<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => ({}))) as T & { error?: { code: string; message: string } };
  if (!res.ok) throw new SyncHttpError(res.status, body.error?.code ?? 'http', body.error?.message ?? `HTTP ${res.status}`);
  return body;
}

export function httpTransport(baseUrl: string, token: string, fetchFn: Fetch = (i, init) => fetch(i, init)): SyncTransport {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  return {
    push: async (req) => json(await fetchFn(`${baseUrl}/api/sync/push`, { method: 'POST', headers, body: JSON.stringify(req) })),
    pull: async (since, outboxSize) =>
      json(
        await fetchFn(
          `${baseUrl}/api/sync/pull?since=${encodeURIComponent(since)}&protocol=${PROTOCOL}${outboxSize === undefined ? '' : `&outbox=${outboxSize}`}`,
          { headers },
        ),
      ),
  };
}

/** Exchanges the owner's one-time code for this tablet's token. */
export async function claimDevice(
  baseUrl: string,
  code: string,
  name: string,
  fetchFn: Fetch = (i, init) => fetch(i, init),
): Promise<{ token: string; deviceId: string }> {
  return json(
    await fetchFn(`${baseUrl}/api/devices/claim`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, name }) }),
  );
}
