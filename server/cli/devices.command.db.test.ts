import { expect, it } from 'vitest';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { pairTablet, testApp } from '../../tests/support/sync-helpers.ts';
import { PROTOCOL } from '../../shared/sync/protocol.ts';
import { sharedDb } from './context.ts';
import { runCli } from './main.ts';

const NOW = new Date('2026-11-20T09:00:00Z');

describeOnBackends('npm run cli -- devices list|revoke', ({ db }) => {
  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, { line: (t) => out.push(t), err: (t) => err.push(t) }, () => NOW, sharedDb(db()));
    return { code, out, err };
  };

  it('lists a tablet’s unsent writes and refuses to revoke it unless --force', async () => {
    const app = testApp(db(), () => NOW);
    const token = await pairTablet(app, db(), NOW, 'Касса');
    await app.request(`/api/sync/pull?since=0&protocol=${PROTOCOL}&outbox=4`, { headers: { authorization: `Bearer ${token}` } });
    const listed = await cli('devices', 'list');
    expect(listed.out.at(-1)).toMatch(/Касса {2}active .* {2}4 UNSENT$/);
    const id = listed.out.at(-1)!.split(' ')[0]!;
    const refused = await cli('devices', 'revoke', '--id', id);
    expect(refused.code).not.toBe(0);
    expect(refused.err.join('\n')).toMatch(/reported 4 unsent record\(s\).*--force/);
    expect((await cli('devices', 'list')).out.at(-1)).toMatch(/ active /);
    expect(await cli('devices', 'revoke', '--id', id, '--force')).toMatchObject({ code: 0, out: [`device ${id} revoked`] });
  });
});
