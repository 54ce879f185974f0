/**
 * The simulator's server as its own process (`--server process`), test-only: the product's
 * createApp on DATA_DIR or DATABASE_URL, with the simulator's clock instead of the wall's.
 * Every request may carry `x-sim-now` (an ISO instant) and the app's `now` is that instant
 * from then on, so a server that is killed and started again keeps the simulated time. One
 * control route exists only here: ending a promotion mid-run, which the in-process
 * simulator does on the storage directly (a PGlite folder has one process at a time).
 * Each sync request prints `sync <n>` before it is handled, so the simulator can kill the
 * process while one is in flight. No jobs, no PWA, no mailings: what the in-process app has.
 */
import { serve } from '@hono/node-server';
import { createApp } from '../../server/app.ts';
import { dbConfigFromEnv, openDb } from '../../server/db/db.ts';
import type { CafeId } from '../../shared/domain/ids.ts';
import type { PromotionId } from '../../shared/promotions/promotion.ts';
import { setPromotionStatus } from '../../server/promotions/promotions.repo.ts';
import { END_PROMOTION_PATH, READY_LINE, SIM_NOW_HEADER } from './sim-server-protocol.ts';

async function main() {
  const db = await openDb(dbConfigFromEnv());
  let clock = new Date(0);
  const app = createApp({ db, now: () => clock });
  let syncs = 0;
  const server = serve(
    {
      port: Number(process.env.PORT),
      hostname: '127.0.0.1',
      fetch: async (req) => {
        const at = req.headers.get(SIM_NOW_HEADER);
        if (at) clock = new Date(at);
        const { pathname } = new URL(req.url);
        if (pathname.startsWith('/api/sync/')) process.stdout.write(`sync ${++syncs}\n`);
        if (pathname === END_PROMOTION_PATH && req.method === 'POST') {
          const { cafeId, promotionId } = (await req.json()) as { cafeId: CafeId; promotionId: PromotionId };
          await setPromotionStatus(db, cafeId, promotionId, 'ended', clock);
          return new Response(null, { status: 204 });
        }
        return app.fetch(req);
      },
    },
    () => process.stdout.write(`${READY_LINE}\n`),
  );
  // The simulator's last stop is a clean one, so PGlite leaves its folder closed for the audit.
  process.once('SIGTERM', () => {
    server.close();
    void db.close().then(() => process.exit(0));
  });
}

await main();
