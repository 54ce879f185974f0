/**
 * Serves the API and the built PWA on an open database: what `npm start` and `npm run demo`
 * share. Writes DATA_DIR/server.json for the CLI (see cli/forward.ts), runs the daily
 * resegment job, prints how to create the owner while there is none, and stops cleanly on
 * SIGINT/SIGTERM.
 */
import { serve } from '@hono/node-server';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { createApp } from './app.ts';
import { firstStartHint } from './cli/admin.commands.ts';
import type { Db, DbConfig } from './db/db.ts';
import { startScheduler } from './jobs/scheduler.ts';
import { runLoyaltyJob } from './loyalty/loyalty.job.ts';
import { resegmentIfNewDay } from './segments/resegment.ts';
import { ensureCafe } from './cafe/cafes.repo.ts';
import { createSetupToken } from './cafe/owners.repo.ts';
import { ChannelSet } from './mailings/channels/channel-set.ts';
import { resegmentScenarioHook, scenarioPushHooks } from './mailings/hooks.ts';
import { LOYALTY_POINTS } from './mailings/loyalty-points.ts';
import { fireDailyScenarios } from './mailings/scenarios.repo.ts';
import { startSender } from './mailings/sender.ts';
import { startTelegramBot } from './mailings/telegram-bot.ts';

export async function serveApp(db: Db, config: DbConfig, port: number, banner: (url: string) => string[] = () => []): Promise<void> {
  const cafe = await ensureCafe(db);
  const hint = await firstStartHint(db);
  // The setup link's token stands after '#': browsers never send it, so no log can hold it.
  const setupToken = hint ? await createSetupToken(db, new Date()) : null;
  // Mailings read balances and credit scenario rewards through the bonus ledger.
  const ledger = LOYALTY_POINTS;
  const stopJob = startScheduler(
    [
      { name: 'resegment', run: (now) => resegmentIfNewDay(db, cafe.id, now, resegmentScenarioHook(cafe.id, now, ledger)) },
      { name: 'loyalty', run: (now) => runLoyaltyJob(db, cafe.id, now) },
      { name: 'scenarios', run: (now) => fireDailyScenarios(db, cafe.id, now, ledger) },
    ],
    () => new Date(),
  );
  // The sender and the Telegram bot run in this process; both stop before the database closes.
  const sender = startSender({ db, cafeId: cafe.id, now: () => new Date(), channels: new ChannelSet(), ledger });
  const stopBot = startTelegramBot(db, cafe.id, () => new Date());
  const staticDir = resolve('dist');
  if (!existsSync(staticDir)) console.warn('dist/ is missing: run `npm run build` to serve the app (the API works without it)');

  const adminSecret = randomBytes(24).toString('base64url');
  const serverFile = config.databaseUrl ? null : join(config.dataDir ?? './data', 'server.json');
  const server = serve(
    {
      fetch: createApp({
        db,
        now: () => new Date(),
        staticDir: relative(process.cwd(), staticDir),
        adminSecret,
        pushHooks: scenarioPushHooks(ledger),
        mailings: { ledger, wake: sender.wake },
        trustProxy: /^(1|true|yes)$/i.test(process.env.TRUST_PROXY ?? ''),
      }).fetch,
      port,
    },
    (info) => {
      if (serverFile) writeFileSync(serverFile, JSON.stringify({ pid: process.pid, port: info.port, adminSecret }), { mode: 0o600 });
      const url = `http://localhost:${info.port}`;
      const storage = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.dataDir}`;
      if (hint) console.log(`${hint}\nor open this one-time setup link (24 hours): ${url}/owner/setup#${setupToken}`);
      for (const line of banner(url)) console.log(line);
      console.log(`Café loyalty is running on ${url} — ${storage}, café time zone ${cafe.timeZone}`);
    },
  );

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      stopJob();
      if (serverFile) rmSync(serverFile, { force: true });
      server.close();
      void Promise.all([sender.stop(), stopBot()])
        .catch(() => undefined)
        .then(() => db.close())
        .then(() => process.exit(0));
    });
  }
}
