/**
 * Local administration while the server holds the embedded database (PGlite allows one
 * process): the CLI finds the server's port and a per-start secret in DATA_DIR/server.json
 * and asks it. Whoever can read DATA_DIR can read all the data anyway, so the secret gives
 * nothing more; without it these routes do not exist (404).
 */
import { timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { AppDeps } from '../app.ts';
import { z } from 'zod';
import { ApiError, errorBody } from '../http/errors.ts';
import { parseJson } from '../http/validate.ts';

const argvSchema = z.object({ argv: z.array(z.string().max(4096)).min(1).max(40) });

export function adminRoute(deps: AppDeps) {
  return new Hono().post('/cli', async (c) => {
    const given = Buffer.from(c.req.header('x-admin-secret') ?? '');
    const secret = Buffer.from(deps.adminSecret ?? '');
    if (!deps.adminSecret) return c.json(errorBody('not-found', `no API route POST ${c.req.path}`), 404);
    if (given.length !== secret.length || !timingSafeEqual(given, secret))
      throw new ApiError('forbidden', 'local administration needs the secret from DATA_DIR/server.json');
    const { argv } = await parseJson(c, argvSchema);
    const stdout: string[] = [];
    const stderr: string[] = [];
    // Imported lazily: the CLI's modules are only needed when the CLI calls.
    const { runCli } = await import('./main.ts');
    const code = await runCli(argv, { line: (t) => stdout.push(t), err: (t) => stderr.push(t) }, deps.now, (fn) => fn(deps.db));
    return c.json({ code, stdout, stderr });
  });
}
