/** A tablet's HTTP transport wired straight into an in-process app (no port): for tests. */
import { httpTransport, type SyncTransport } from '../../client/data/sync/transport.ts';

export interface FetchApp {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

export function appTransport(app: () => FetchApp, token: string): SyncTransport {
  return httpTransport('', token, (path, init) => Promise.resolve(app().request(path, init)));
}
