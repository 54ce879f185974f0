/**
 * The owner's screens talk to the server only through here: JSON in and out, the session
 * cookie sent by the browser, and the CSRF token (from login or GET /api/auth/session) on
 * every write. A failed call throws ApiFailure with the server's error code and field.
 */
import type { ApiErrorBody } from '../../shared/api/errors.ts';
import type { ClientErrorCode } from '../i18n/error-messages.ts';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: ClientErrorCode,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }

  /** The server refused the request as asked (4xx): asking again will not change that. */
  get refused(): boolean {
    return this.status >= 400 && this.status < 500;
  }
}

let csrfToken: string | null = null;
export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = {};
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method, headers, credentials: 'same-origin', ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) });
  } catch {
    throw new ApiFailure(0, 'network', 'no connection to the server');
  }
  const body = (await res.json().catch(() => ({}))) as T & Partial<ApiErrorBody>;
  if (!res.ok) throw new ApiFailure(res.status, body.error?.code ?? 'unknown', body.error?.message ?? `HTTP ${res.status}`, body.error?.field);
  return body;
}

/** A file as the raw request body (an import upload): the server streams it to disk, so no form encoding. */
export async function apiUpload<T>(path: string, file: Blob): Promise<T> {
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  if (csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(path, { method: 'POST', headers, credentials: 'same-origin', body: file });
  } catch {
    throw new ApiFailure(0, 'network', 'no connection to the server');
  }
  const body = (await res.json().catch(() => ({}))) as T & Partial<ApiErrorBody>;
  if (!res.ok) throw new ApiFailure(res.status, body.error?.code ?? 'unknown', body.error?.message ?? `HTTP ${res.status}`, body.error?.field);
  return body;
}
