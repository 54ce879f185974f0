/**
 * Who is asking, and over what. Behind a reverse proxy (TRUST_PROXY=1) the client's address
 * and scheme are the proxy's X-Forwarded-For (its last hop, the one the proxy itself added)
 * and X-Forwarded-Proto; otherwise those headers are anyone's to forge and are ignored.
 */
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

export function clientAddress(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // in-process requests (tests) have no socket
  }
}

/** Whether the browser reached us over TLS: then HSTS is sent and the session cookie is Secure. */
export function overTls(c: Context, trustProxy: boolean): boolean {
  return new URL(c.req.url).protocol === 'https:' || (trustProxy && c.req.header('x-forwarded-proto') === 'https');
}
