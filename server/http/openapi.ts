/** The API's description at /api/openapi.json; each route module adds its paths here. */
const OWNER_ERRORS = { '401': { description: 'no owner session' }, '403': { description: 'a tablet, or a write without the CSRF token' } } as const;

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
        requestBody: {
          content: {
            'application/json': { schema: { type: 'object', required: ['code', 'name'], properties: { code: { type: 'string' }, name: { type: 'string' } } } },
          },
        },
        responses: {
          '200': { description: '{ token, deviceId, cafeId }' },
          '400': { description: 'invalid body' },
          '404': { description: 'unknown code' },
          '410': { description: 'expired or used code' },
        },
      },
    },
    '/api/sync/push': {
      post: {
        summary: 'A tablet uploads a batch of mutations (idempotent by mutation id)',
        security: [{ device: [] }],
        responses: {
          '200': { description: '{ acked, serverTime, clockAheadMs, clockFlagged }' },
          '400': { description: 'invalid batch' },
          '401': { description: 'no, bad or revoked token' },
          '413': { description: 'too large' },
          '422': { description: 'unknown guest or purchase' },
          '426': { description: 'client too old' },
        },
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
        summary: 'The owner logs in; sets an HttpOnly session cookie and returns the CSRF token for writes',
        security: [],
        responses: {
          '200': { description: '{ ok, csrfToken }' },
          '400': { description: 'invalid body' },
          '401': { description: 'wrong e-mail or password' },
          '429': { description: 'too many failed attempts' },
        },
      },
    },
    '/api/auth/logout': {
      post: {
        summary: 'Ends the owner session',
        security: [{ owner: [] }],
        responses: { '200': { description: 'logged out' }, '401': { description: 'no session' }, '403': { description: 'a tablet, or no CSRF token' } },
      },
    },
    '/api/reports/segments': {
      get: {
        summary: 'Guests per segment as of a moment (owner only): every segment of the rule set, none included',
        security: [{ owner: [] }],
        parameters: [{ name: 'at', in: 'query', schema: { type: 'string', format: 'date-time' } }],
        responses: {
          '200': {
            description:
              '{ asOf, totalGuests, recentFrom, recentDays, segments: [{ id, guests, share, purchases, totalSpend, averageCheck, recentPurchases, recentRevenue, recentAverageCheck, name }] }',
          },
          '400': { description: 'at is not a date-time' },
          '401': { description: 'no owner session' },
          '403': { description: 'a tablet' },
        },
      },
    },
    '/api/auth/setup': {
      post: {
        summary: 'Creates the first owner with the one-time link printed at a first start; logs them in',
        security: [],
        responses: {
          '200': { description: '{ ok, csrfToken }' },
          '400': { description: 'invalid body' },
          '409': { description: 'an owner exists' },
          '410': { description: 'unknown, used or expired link' },
        },
      },
    },
    '/api/auth/session': {
      get: {
        summary: "The owner's session: e-mail, café name and the CSRF token for writes",
        security: [{ owner: [] }],
        responses: { '200': { description: '{ email, csrfToken, cafe }' }, ...OWNER_ERRORS },
      },
    },
    '/api/auth/password': {
      post: {
        summary: "Changes the owner's password ({ current, next }); ends the owner's other sessions",
        security: [{ owner: [] }],
        responses: { '200': { description: 'changed' }, '400': { description: 'invalid body or wrong current password' }, ...OWNER_ERRORS },
      },
    },
    '/api/reports/movements': {
      get: {
        summary: 'How many guests moved from which segment to which over the last 7, 30 or 90 café days',
        security: [{ owner: [] }],
        parameters: [{ name: 'days', in: 'query', schema: { type: 'integer', enum: [7, 30, 90] } }],
        responses: {
          '200': { description: '{ from, to, days, movements: [{ from, to, guests }], segments }' },
          '400': { description: 'days is not 7, 30 or 90' },
          ...OWNER_ERRORS,
        },
      },
    },
    '/api/reports/trend': {
      get: {
        summary: 'Segment sizes at the end of each of the last weeks (26 by default)',
        security: [{ owner: [] }],
        parameters: [{ name: 'weeks', in: 'query', schema: { type: 'integer', minimum: 2, maximum: 104 } }],
        responses: { '200': { description: '{ points: [{ at, date, sizes }], segments }' }, '400': { description: 'bad weeks' }, ...OWNER_ERRORS },
      },
    },
    '/api/segments/{id}/guests': {
      post: {
        summary: "A page of a segment's guests as of now ({ search?, sort, dir, offset, limit }); phones partly masked",
        security: [{ owner: [] }],
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: {
          '200': { description: '{ segment, total, offset, guests }' },
          '400': { description: 'invalid query' },
          '404': { description: 'no such segment' },
          ...OWNER_ERRORS,
        },
      },
    },
    '/api/segments/{id}/export.csv': {
      get: {
        summary: "Every guest of a segment as CSV for Excel (UTF-8 with BOM, ';')",
        security: [{ owner: [] }],
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'text/csv' }, '404': { description: 'no such segment' }, ...OWNER_ERRORS },
      },
    },
    '/api/settings': {
      get: {
        summary: "The café's name, time zone and segment rules",
        security: [{ owner: [] }],
        responses: { '200': { description: '{ name, timeZone, rules }' }, ...OWNER_ERRORS },
      },
      put: {
        summary: 'Saves name, time zone and rules; every guest is re-sorted under them',
        security: [{ owner: [] }],
        responses: { '200': { description: '{ ok, moved }' }, '400': { description: 'invalid settings (the field is named)' }, ...OWNER_ERRORS },
      },
    },
    '/api/settings/preview': {
      post: {
        summary: 'How many guests a change of rules or time zone would move, from which segment to which',
        security: [{ owner: [] }],
        responses: {
          '200': { description: '{ totalGuests, moved, cells: [{ from, to, guests }] }' },
          '400': { description: 'invalid rules' },
          ...OWNER_ERRORS,
        },
      },
    },
    '/api/devices': {
      get: {
        summary: "The café's tablets: paired, last seen, revoked, clock ahead",
        security: [{ owner: [] }],
        responses: { '200': { description: '{ devices }' }, ...OWNER_ERRORS },
      },
    },
    '/api/devices/pairing-code': {
      post: {
        summary: 'A one-time code (10 minutes) to pair a tablet',
        security: [{ owner: [] }],
        responses: { '200': { description: '{ code, expiresAt }' }, ...OWNER_ERRORS },
      },
    },
    '/api/devices/{id}/revoke': {
      post: {
        summary: 'Unpairs a tablet: its token stops working at once',
        security: [{ owner: [] }],
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: { '200': { description: 'revoked' }, '400': { description: 'not a device id' }, '404': { description: 'no such tablet' }, ...OWNER_ERRORS },
      },
    },
    '/api/openapi.json': {
      get: { summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1 document' } } },
    },
  },
} as const;
