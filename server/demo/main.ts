/**
 * `npm run demo`: the app with a café that has six months behind it (5,000 guests, two
 * tablets' history), so every owner screen is full. Its data lives in DEMO_DATA_DIR (default
 * ./data-demo), made anew at each run, never in the café's own DATA_DIR; a folder the demo did
 * not make is never emptied (see demo-folder.ts).
 */
import { openDb } from '../db/db.ts';
import { serveApp } from '../serve.ts';
import { buildDemoCafe } from './demo-cafe.ts';
import { NotADemoFolderError, demoDataDir, prepareDemoFolder } from './demo-folder.ts';

const dataDir = demoDataDir(process.env);
const owner = { email: 'owner@demo.cafe', password: 'демо-пароль' };
try {
  prepareDemoFolder(dataDir);
} catch (e) {
  if (!(e instanceof NotADemoFolderError)) throw e;
  console.error(e.message);
  process.exit(1);
}
// What the server derives from DATA_DIR (the messages log, the CLI's server.json) stays in the demo's folder.
process.env.DATA_DIR = dataDir;
const config = { dataDir };
const db = await openDb(config);
const started = Date.now();
console.log(`Building the demo café in ${dataDir}: 5,000 guests, six months of purchases from two tablets…`);
await buildDemoCafe(db, {
  guests: Number(process.env.DEMO_GUESTS ?? 5000),
  purchases: Number(process.env.DEMO_PURCHASES ?? 45_000),
  days: 182,
  seed: 2026,
  now: new Date(),
  owner,
  onDay: (done, of) => done % 30 === 0 && console.log(`  day ${done} of ${of}`),
});
console.log(`Demo café ready in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
await serveApp(db, config, Number(process.env.PORT ?? 8787), (url) => [
  `Owner's screens: ${url}/owner  — log in as ${owner.email} / ${owner.password}`,
  `Counter tablet:  ${url}/  (pair it with a code from the owner's "Планшеты" screen)`,
]);
