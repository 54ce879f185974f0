/** The API's description at /api/openapi.json; each route module adds its paths here. */
export const openapi = {
  openapi: '3.1.0',
  info: { title: 'Café loyalty API', version: '0.1.0' },
  paths: {
    '/api/health': {
      get: {
        summary: 'Liveness and storage check',
        security: [],
        responses: { '200': { description: 'The server and its database answer' } },
      },
    },
    '/api/openapi.json': {
      get: { summary: 'This document', security: [], responses: { '200': { description: 'OpenAPI 3.1 document' } } },
    },
  },
} as const;
