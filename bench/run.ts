/** `npm run bench [-- import|import-upload|segments|counter|counter-points|counter-offers|sync|owner|loyalty|mailings|lighthouse ...] [--backend pglite|postgres]`: writes bench/results.json. */
import { parseArgs } from 'node:util';
import type { BackendName } from './backends.ts';
import { benchImport } from './import.bench.ts';
import { benchImportUpload } from './import-upload.bench.ts';
import { benchSegments } from './segments.bench.ts';
import { benchCounter, benchOffers, benchPointsCommit } from './counter.bench.ts';
import { benchSync } from './sync.bench.ts';
import { benchOwnerReports } from './owner-reports.bench.ts';
import { benchLoyalty } from './loyalty.bench.ts';
import { benchMailings } from './mailings.bench.ts';
import { benchLighthouse } from './lighthouse.bench.ts';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { backend: { type: 'string', multiple: true } } });
const backends = (values.backend ?? ['postgres', 'pglite']) as BackendName[];
const parts: Record<string, (b: BackendName[]) => Promise<void>> = {
  import: benchImport,
  'import-upload': benchImportUpload,
  segments: benchSegments,
  counter: benchCounter,
  'counter-points': benchPointsCommit,
  'counter-offers': benchOffers,
  sync: benchSync,
  owner: benchOwnerReports,
  loyalty: benchLoyalty,
  mailings: benchMailings,
  lighthouse: benchLighthouse,
};
for (const name of positionals.length ? positionals : Object.keys(parts)) {
  const part = parts[name];
  if (!part) throw new Error(`unknown benchmark "${name}" (have: ${Object.keys(parts).join(', ')})`);
  await part(backends);
}
