import { expect, it } from 'vitest';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { testApp } from '../../tests/support/sync-helpers.ts';
import { ownerSession } from '../../tests/support/owner-session.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
let n = 0;

describeOnBackends("the owner's report as of a moment", ({ db }) => {
  async function owner() {
    const as = await ownerSession(
      testApp(db(), () => NOW),
      db(),
      `at${++n}@cafe.ru`,
    );
    return (at: string) => as('GET', `/api/reports/segments?at=${encodeURIComponent(at)}`);
  }

  it.each(['0000-01-01T00:00:00Z', '0049-05-01T00:00:00Z', '1999-12-31T23:59:59Z', '2100-01-01T00:00:00Z', '9999-12-31T23:59:59Z'])(
    'refuses %s with a 400 naming `at`, never a 500 or a report of zeros',
    async (at) => {
      const res = await (await owner())(at);
      expect(res.status).toBe(400);
      expect(((await res.json()) as { error: { field: string; message: string } }).error).toMatchObject({
        field: 'at',
        message: expect.stringMatching(/2000.2100/),
      });
    },
  );

  it('answers the first and the last moment of the window', async () => {
    const report = await owner();
    expect((await report('2000-01-01T00:00:00Z')).status).toBe(200);
    expect((await report('2099-12-31T23:59:59Z')).status).toBe(200);
  });
});
