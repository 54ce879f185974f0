/**
 * One line for whatever stopped a command: the CLI never prints a stack trace. The causes an
 * admin meets are a server that dies or restarts mid-command (the forwarded fetch fails), a
 * database that is down or drops the connection, and a stale DATA_DIR/server.json; each gets
 * words that say what to do, and the error's own code (ECONNRESET, 57P01…) for a search.
 */

interface Coded {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);
// PostgreSQL's "the server went away" family: admin shutdown, crash shutdown, cannot connect now.
const PG_GONE = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006']);

/** The first machine code found on the error, its cause, or the errors it aggregates. */
export function errorCode(e: unknown, depth = 0): string | null {
  if (!e || typeof e !== 'object' || depth > 4) return null;
  const c = e as Coded;
  if (typeof c.code === 'string' && c.code) return c.code;
  for (const inner of [c.cause, ...(Array.isArray(c.errors) ? c.errors : [])]) {
    const code = errorCode(inner, depth + 1);
    if (code) return code;
  }
  return null;
}

function firstLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return (message.split('\n').find((l) => l.trim() !== '') ?? '').trim();
}

/**
 * `during`: where the failure happened: talking to the running server (`server`) or to the
 * storage opened by this process (`database`).
 */
export function describeFailure(e: unknown, during: 'server' | 'database'): string {
  const code = errorCode(e);
  const tag = code ? ` (${code})` : '';
  const network = (code !== null && NETWORK_CODES.has(code)) || (e instanceof TypeError && firstLine(e) === 'fetch failed');
  if (during === 'server' && network)
    return `the running server stopped answering during the command${tag}; check whether it finished (npm start's log), then run it again — an import run twice adds nothing`;
  if (during === 'database' && (network || (code !== null && PG_GONE.has(code))))
    return `the database stopped answering or cannot be reached${tag}; check that PostgreSQL runs (DATABASE_URL), then run the command again`;
  return `${firstLine(e) || 'the command failed'}${tag && !firstLine(e).includes(code!) ? tag : ''}`;
}
