import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { localDateOf, type TimeZone } from '../../shared/domain/calendar.ts';
import { statsFromPurchases } from '../../shared/domain/guest.ts';
import { classifyGuest } from '../../shared/segments/classify.ts';
import { DEFAULT_RULES } from '../../shared/segments/presets.ts';
import { generateCafe, type CafeOptions } from '../../tests/fixtures/cafe-generator.ts';
import { writeCafeCsv } from '../../tests/fixtures/write-csv.ts';
import { openDb } from '../db/db.ts';
import { runCli } from './main.ts';

const END = new Date('2026-11-22T09:00:00Z');
const FIXTURE: CafeOptions = { guests: 300, purchases: 3000, seed: 3, end: END };

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { line: (t) => out.push(t), err: (t) => err.push(t) }, () => END);
  return { code, out: out.join('\n'), err };
}

/** What the segments must be, worked out from the generated café without the database. */
function expectedSegments(zone: TimeZone, asOf: Date): Record<string, string> {
  const today = localDateOf(asOf, zone);
  return Object.fromEntries(
    [...generateCafe(FIXTURE)].map((g) => [
      g.phone,
      classifyGuest(
        statsFromPurchases(
          g.registeredAt,
          g.purchases.map((p) => ({ purchasedAt: p.at, amount: p.amount, voidedAt: null })),
        ),
        today,
        zone,
        DEFAULT_RULES,
      ),
    ]),
  );
}

describe('cli on PGlite in DATA_DIR', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cli-data-'));
  let files: { guests: string; purchases: string };

  beforeAll(async () => {
    process.env.DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
    files = await writeCafeCsv(mkdtempSync(join(tmpdir(), 'cli-csv-')), FIXTURE);
  });

  it('imports a base and prints a summary', async () => {
    const r = await cli('import', '--guests', files.guests, '--purchases', files.purchases, '--tz', 'Asia/Vladivostok');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/guests: +300 rows, 300 added/);
    expect(r.out).toMatch(/purchases: 3000 rows, 3000 added/);
    expect(r.out).toContain('Asia/Vladivostok');
  });

  it('prints every guest segment as one JSON object, counting days in the stored zone', async () => {
    const r = await cli('segments', '--at', END.toISOString(), '--format', 'json');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')).toHaveLength(1);
    expect(JSON.parse(r.out)).toEqual(expectedSegments('Asia/Vladivostok' as TimeZone, END));
  });

  it('prints a table of counts per segment by default', async () => {
    const r = await cli('segments', '--at', END.toISOString());
    expect(r.code).toBe(0);
    const want = Object.values(expectedSegments('Asia/Vladivostok' as TimeZone, END));
    for (const s of [...DEFAULT_RULES.segments.map((x) => x.id), 'none']) {
      const n = want.filter((x) => x === s).length;
      expect(r.out).toMatch(new RegExp(`^${s} .* ${n}  +[\\d.]+%$`, 'm'));
    }
    expect(r.out).toContain('Вне сегментов');
  });

  it('adds nothing on a second import of the same files', async () => {
    const r = await cli('import', '--guests', files.guests, '--purchases', files.purchases);
    expect(r.out).toMatch(/guests: +300 rows, 0 added, 300 already stored/);
    expect(r.out).toMatch(/purchases: 3000 rows, 0 added, 3000 already stored/);
  });

  it.each([
    [['import', '--guests', 'g.csv', '--bogus'], 2, /Unknown option '--bogus'/],
    [['import', '--guests', 'g.csv', '--tz', 'Mars/Base'], 2, /unknown time zone "Mars\/Base"/],
    [['import'], 2, /needs --guests and\/or --purchases/],
    [['import', '--guests', '/nonexistent/g.csv'], 1, /cannot read \/nonexistent\/g.csv: no such file/],
    [['segments', '--at', 'yesterday'], 2, /--at "yesterday" is not an ISO 8601/],
    [['segments', '--at', '0049-05-01'], 2, /--at "0049-05-01" is outside 2000–2100/],
    [['segments', '--at', '1999-12-31T23:59:59Z'], 2, /--at "1999-12-31T23:59:59Z" is outside 2000–2100/],
    [['segments', '--format', 'xml'], 2, /unknown --format "xml"/],
    [['frobnicate'], 2, /unknown command "frobnicate"/],
  ])('%j fails with one line naming the problem and changes nothing', async (argv, code, message) => {
    const before = await cli('segments', '--at', END.toISOString(), '--format', 'json');
    const r = await cli(...argv);
    expect(r.code).toBe(code);
    expect(r.err).toHaveLength(1);
    expect(r.err[0]).toMatch(message);
    expect(await cli('segments', '--at', END.toISOString(), '--format', 'json')).toEqual(before);
  });

  it('creates the owner once, with a password of 8+ characters', async () => {
    expect((await cli('owner', 'create', '--email', 'owner@cafe.ru', '--password', 'short')).err[0]).toMatch(/at least 8 characters/);
    expect(await cli('owner', 'create', '--email', 'owner@cafe.ru', '--password', 'долгий-пароль')).toMatchObject({
      code: 0,
      out: 'owner owner@cafe.ru created',
    });
    const again = await cli('owner', 'create', '--email', 'OWNER@cafe.ru', '--password', 'другой-пароль');
    expect(again.code).toBe(1);
    expect(again.err).toEqual(['error: an owner with e-mail OWNER@cafe.ru already exists']);
  });

  it('prints a pairing code alone on its last line', async () => {
    const r = await cli('pair');
    expect(r.code).toBe(0);
    expect(r.out.split('\n').at(-1)).toMatch(/^\d{8}$/);
  });

  it('records the moves time alone causes once per café day', async () => {
    expect((await cli('resegment')).out).toMatch(/^\d+ guests changed segment$/);
    expect((await cli('resegment')).out).toMatch(/^already done for 2026-11-22$/);
  });

  it('runs as `npm run cli` and refuses while another process holds the data folder', async () => {
    const env = { ...process.env, DATA_DIR: dataDir };
    const ok = spawnSync('npm', ['run', '-s', 'cli', '--', 'segments', '--at', END.toISOString(), '--format', 'json'], { env, encoding: 'utf8' });
    expect(ok.status).toBe(0);
    expect(Object.keys(JSON.parse(ok.stdout))).toHaveLength(300);

    const db = await openDb({ dataDir });
    try {
      const busy = spawnSync('npm', ['run', '-s', 'cli', '--', 'segments'], { env, encoding: 'utf8' });
      expect(busy.status).toBe(1);
      expect(busy.stderr).toMatch(/data folder is in use by process \d+/);
    } finally {
      await db.close();
    }
  });
});
