/**
 * Headers on every response: a Content-Security-Policy with no inline script (the built app
 * has none), no framing, no MIME sniffing, no referrer leaks; HSTS only behind TLS, where it
 * means something (X-Forwarded-Proto counts only with TRUST_PROXY; the session cookie is
 * Secure exactly when HSTS is sent).
 */
import { createMiddleware } from 'hono/factory';
import { secureHeaders } from 'hono/secure-headers';
import { overTls } from './client-address.ts';

const base = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    workerSrc: ["'self'"],
    manifestSrc: ["'self'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    frameAncestors: ["'none'"],
    formAction: ["'self'"],
  },
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  strictTransportSecurity: false,
});

export const securityHeaders = (trustProxy: boolean) =>
  createMiddleware(async (c, next) => {
    await base(c, next);
    if (overTls(c, trustProxy)) c.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  });
