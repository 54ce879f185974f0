/** The API's description at /api/openapi.json; each route module adds its paths here. */
export const openapi = {
  openapi: '3.1.0',
  info: { title: 'Café loyalty API', version: '0.1.0' },
  components: { securitySchemes: { device: { type: 'http', scheme: 'bearer' }, owner: { type: 'apiKey', in: 'cookie', name: 'owner_session' } } },
  paths: {
    '/api/health': {
      get: {
        summary: 'Liveness and storage check',
        security: [],
        responses: { '200': { description: 'The server and its database answer' } },
      },
    },
    '/api/devices/claim': {
      post: {
        summary: 'A tablet exchanges a one-time pairing code for a device token',
        security: [],
        requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['code', 'name'], properties: { code: { type: 'string' }, name: { type: 'string' } } } } } },
        responses: { '200': { description: '{ token, deviceId, cafeId }' }, '400': { description: 'invalid body' }, '404': { description: 'unknown code' }, '410': { description: 'expired or used code' } },
      },
    },
    '/api/sync/push': {
      post: {
        summary: 'A tablet uploads a batch of mutations (idempotent by mutation id)',
        security: [{ device: [] }],
        responses: { '200': { description: '{ acked, serverTime, clockAheadMs, clockFlagged }' }, '400': { description: 'invalid batch' }, '401': { description: 'no, bad or revoked token' }, '413': { description: 'too large' }, '422': { description: 'unknown guest or purchase' }, '426': { description: 'client too old' } },
      },
    },
    '/api/sync/pull': {
      get: {
        summary: 'A tablet downloads changes after its cursor: guests with stats, merges, voids, settings',
        security: [{ device: [] }],
        parameters: [{ name: 'since', in: 'query', schema: { type: 'string' } }],
        responses: { '200': { description: 'a page of changes and the next cursor' }, '401': { description: 'no, bad or revoked token' } },
      },
    },
    '/api/auth/login': {
      post: {
        summary: "The owner logs in; sets an HttpOnly session cookie and returns the CSRF token for writes",
        security: [],
        responses: { '200': { description: '{ ok, csrfToken }' }, '400': { description: 'invalid body' }, '401': { description: 'wrong e-mail or password' }, '429': { description: 'too many failed attempts' } },
      },
    },
    '/api/auth/logout': {
      post: { summary: 'Ends the owner session', security: [{ owner: [] }], responses: { '200': { description: 'logged out' }, '401': { description: 'no session' }, '403': { description: 'a tablet, or no CSRF token' } } },
    },
    '/api/reports/segments': {
      get: {
        summary: 'Guests per segment as of a moment (owner only): every segment of the rule set, none included',
        security: [{ owner: [] }],
        parameters: [{ name: 'at', in: 'query', schema: { type: 'string', format: 'date-time' } }],
        responses: { '200': { description: '{ asOf, segments: [{ id, guests, share, purchases, totalSpend, averageCheck, name }] }' }, '400': { description: 'at is not a date-time' }, '401': { description: 'no owner session' }, '403': { description: 'a tablet' } },
      },
    },
    '/api/openapi.json': {
      get: { summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1 document' } } },
    },
  },
} as const;
