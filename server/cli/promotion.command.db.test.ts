import { expect, it } from 'vitest';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { sharedDb } from './context.ts';
import { runCli } from './main.ts';

const NOW = new Date('2026-11-20T09:00:00Z');

describeOnBackends('npm run cli -- promotion add|list|end', ({ db }) => {
  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { line: (t) => out.push(t), err: (t) => err.push(t) }, () => NOW, sharedDb(db()));
    return { code, out, err };
  };
  const stored = async () => (await db().query<{ n: number }>('SELECT count(*)::int AS n FROM promotions'))[0]!.n;

  it('add stores every flag and prints the new id alone on its last line', async () => {
    const r = await cli(
      'promotion',
      'add',
      '--name',
      'Утренний капучино',
      '--segments',
      'leaving,sleeping',
      '--percent',
      '20',
      '--days',
      '1-5',
      '--from',
      '08:00',
      '--to',
      '12:00',
      '--starts',
      '2026-11-21',
      '--ends',
      '2026-12-31',
      '--min-check',
      '300',
      '--limit',
      'daily',
    );
    expect(r).toMatchObject({ code: 0, err: [] });
    const id = r.out.at(-1)!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const [row] = await db().query<{ name: string; status: string; definition: Record<string, unknown> }>(
      'SELECT name, status, definition FROM promotions WHERE id = $1',
      [id],
    );
    expect(row).toEqual({
      name: 'Утренний капучино',
      status: 'active',
      definition: {
        name: 'Утренний капучино',
        audience: ['leaving', 'sleeping'],
        weekdays: [1, 2, 3, 4, 5],
        window: { from: '08:00', to: '12:00' },
        starts: '2026-11-21',
        ends: '2026-12-31',
        benefit: { kind: 'percent', percent: 20 },
        minCheck: 30000,
        limit: 'daily',
      },
    });
  });

  it('list shows each promotion with its id and status; end ends it once', async () => {
    const added = await cli('promotion', 'add', '--name', 'Десерт в подарок', '--gift', 'Макарон', '--limit', 'once');
    const id = added.out.at(-1)!;
    const list = await cli('promotion', 'list');
    expect(list.code).toBe(0);
    expect(list.out.find((l) => l.startsWith(id))).toMatch(/active\s+Десерт в подарок\s+gift: Макарон; every guest; limit once/);

    const end = await cli('promotion', 'end', '--id', id);
    expect(end).toMatchObject({ code: 0, out: [`promotion ${id} ended`] });
    expect((await cli('promotion', 'list')).out.find((l) => l.startsWith(id))).toMatch(/^\S+\s+ended\s+Десерт/);

    const again = await cli('promotion', 'end', '--id', id);
    expect(again.code).toBe(1);
    expect(again.err).toEqual([`error: --id: promotion ${id} has already ended`]);
    const unknown = await cli('promotion', 'end', '--id', '00000000-0000-7000-8000-000000000000');
    expect(unknown.code).toBe(1);
    expect(unknown.err[0]).toMatch(/--id: no promotion/);
    expect((await cli('promotion', 'end')).code).toBe(2);
  });

  it('refuses bad input with one line naming the field, exit 2, nothing stored', async () => {
    const before = await stored();
    const bad = [
      [['--name', 'A', '--percent', '10', '--from', '10:00', '--to', '10:00'], /^error: --to: .*empty/],
      [['--name', 'A', '--percent', '10', '--from', '12:00', '--to', '10:00'], /^error: --to: .*before/],
      [['--name', 'A', '--percent', '10', '--from', '12:00'], /^error: --to: give both --from and --to/],
      [['--name', 'A', '--segments', 'vip', '--percent', '10'], /^error: --segments: segment "vip"/],
      [['--name', 'A', '--percent', '0'], /^error: --percent: /],
      [['--name', 'A', '--percent', '101'], /^error: --percent: /],
      [['--name', 'A', '--rubles', '0'], /^error: --rubles: /],
      [['--name', 'A', '--rubles', '-5'], /^error: --rubles: /],
      [['--name', 'A', '--percent', '10', '--starts', '2026-12-10', '--ends', '2026-12-01'], /^error: --ends: .*before/],
      [['--name', 'A'], /^error: --percent \| --rubles \| --points-x \| --gift: give one benefit/],
      [['--name', 'A', '--percent', '10', '--gift', 'Кекс'], /^error: --percent \| --rubles \| --points-x \| --gift: give one benefit, not two/],
      [['--name', 'Спящие', '--percent', '10'], /^error: --name: /],
      [['--percent', '10'], /^error: --name: /],
      [['--name', 'A', '--percent', '10', '--limit', 'weekly'], /^error: --limit: /],
    ] as const;
    for (const [args, message] of bad) {
      const r = await cli('promotion', 'add', ...args);
      expect([args, r.code, r.out]).toEqual([args, 2, []]);
      expect(r.err).toHaveLength(1);
      expect(r.err[0]).toMatch(message);
    }
    expect(await stored()).toBe(before);
  });

  it('the first and last allowed values pass: 1 % and 100 %, a window ending at 24:00, a one-day range', async () => {
    for (const args of [
      ['--percent', '1'],
      ['--percent', '100'],
      ['--rubles', '0,01'],
      ['--gift', 'Кекс', '--from', '00:00', '--to', '24:00'],
      ['--points-x', '2', '--starts', '2026-12-01', '--ends', '2026-12-01'],
    ]) {
      const r = await cli('promotion', 'add', '--name', 'Граница', ...args);
      expect([args, r.code, r.err]).toEqual([args, 0, []]);
    }
  });
});
