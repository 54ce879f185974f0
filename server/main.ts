/** `npm start`: the API and the built PWA on PORT, storage from DATA_DIR or DATABASE_URL. */
import { serve } from '@hono/node-server';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { relative, resolve } from 'node:path';
import { createApp } from './app.ts';
import { dbConfigFromEnv, openDb } from './db/db.ts';
import { ensureCafe } from './repos/cafes.repo.ts';
import { firstStartHint } from './cli/admin.commands.ts';
import { startResegmentJob } from './jobs/resegment.ts';

const port = Number(process.env.PORT ?? 8787);
const config = dbConfigFromEnv();
const db = await openDb(config);
const cafe = await ensureCafe(db);
const hint = await firstStartHint(db);
if (hint) console.log(hint);
const stopJob = startResegmentJob(db, cafe.id, () => new Date());
const staticDir = resolve('dist');
if (!existsSync(staticDir)) console.warn('dist/ is missing: run `npm run build` to serve the app (the API works without it)');

const adminSecret = randomBytes(24).toString('base64url');
const serverFile = config.databaseUrl ? null : join(config.dataDir ?? './data', 'server.json');
const server = serve({ fetch: createApp({ db, now: () => new Date(), staticDir: relative(process.cwd(), staticDir), adminSecret }).fetch, port }, (info) => {
  if (serverFile) writeFileSync(serverFile, JSON.stringify({ pid: process.pid, port: info.port, adminSecret }), { mode: 0o600 });
  const storage = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
  console.log(`Café loyalty is running on http://localhost:${info.port} — ${storage}, café time zone ${cafe.timeZone}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopJob();
    if (serverFile) rmSync(serverFile, { force: true });
    server.close();
    void db.close().then(() => process.exit(0));
  });
}
