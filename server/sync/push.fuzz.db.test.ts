/**
 * The push endpoint under fast-check: whatever a tablet (or anyone holding its token) sends,
 * the answer is never a 5xx, a batch refused as a whole stores nothing, and a mutation refused
 * alone stores nothing of its own.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { PROTOCOL, type Envelope } from '../../shared/sync/protocol.ts';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { envelope, pairTablet, purchase, register, testApp } from '../../tests/support/sync-helpers.ts';
import { newId } from '../new-id.ts';

const NOW = new Date('2026-11-22T09:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
// Enough cases to reach every field of every mutation several times, few enough for CI's two cores.
const RUNS = 120;

let n = 0;
const phone = () => `+7917${String(++n).padStart(7, '0')}`;

/** A batch the server accepts whole: a registration, two purchases, an edit and a void. */
function validBatch(): Envelope[] {
  const g = newId();
  const p = newId();
  return [
    envelope(register(g, phone(), at(-30), 'Анна')),
    envelope(purchase(g, 35_000, at(-20), p)),
    envelope(purchase(g, 12_000, at(-10))),
    envelope({ kind: 'guest.update', guestId: g, name: 'Анна К.' }, at(-5)),
    envelope({ kind: 'purchase.void', purchaseId: p, reason: 'ошибка', voidedAt: at(-2).toISOString() }),
  ];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every path to a value inside an envelope, so a mutation can land anywhere, nested fields included. */
function paths(value: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const own = prefix.length ? [prefix] : [];
  if (Array.isArray(value)) return [...own, ...value.flatMap((v, i) => paths(v, [...prefix, i]))];
  if (value && typeof value === 'object') return [...own, ...Object.entries(value).flatMap(([k, v]) => paths(v, [...prefix, k]))];
  return own;
}

function setAt(root: Json, path: (string | number)[], next: Json | undefined): Json {
  const copy = structuredClone(root);
  let at: Json = copy;
  for (const key of path.slice(0, -1)) at = (at as Record<string, Json>)[key as string] as Json;
  const last = path[path.length - 1]!;
  if (next === undefined) delete (at as Record<string, Json>)[last as string];
  else (at as Record<string, Json>)[last as string] = next;
  return copy;
}

/** What breaks servers: NUL and direction characters, empty and huge text, far dates, huge and fractional numbers. */
const NASTY: Json[] = [
  '\u0000',
  'А\u0000',
  '\u202eанна',
  '',
  'x'.repeat(10_000),
  '~',
  '9999-12-31T00:00:00Z',
  '0000-01-01',
  '0049-05-01',
  Number.MAX_SAFE_INTEGER,
  1e300,
  -1,
  0.5,
];

/** A change to one place of an envelope: a nasty or arbitrary JSON value there, or the key gone. */
const changeOne = fc.record({
  place: fc.nat(),
  value: fc.option(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json> },
      { weight: 1, arbitrary: fc.string() },
      { weight: 1, arbitrary: fc.double() },
    ),
    { nil: undefined, freq: 8 },
  ),
});
/** One change in each envelope of the batch: every run probes five places, independently refused. */
const changes = fc.array(changeOne, { minLength: 5, maxLength: 5 });

describeOnBackends('push under fuzzing', ({ db }) => {
  async function tablet() {
    const app = testApp(db(), () => NOW);
    const token = await pairTablet(app, db(), NOW);
    const send = (body: string) =>
      app.request('/api/sync/push', { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body });
    return send;
  }
  const stored = async () =>
    (
      await db().query<{ g: number; p: number; v: number; m: number }>(
        `SELECT (SELECT count(*)::int FROM guests) AS g, (SELECT count(*)::int FROM purchases) AS p,
                (SELECT count(*)::int FROM purchase_voids) AS v, (SELECT count(*)::int FROM applied_mutations) AS m`,
      )
    )[0]!;

  it('answers arbitrary JSON and arbitrary text with a 4xx JSON error, and stores nothing', async () => {
    const send = await tablet();
    const before = await stored();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.string(),
        ),
        async (body) => {
          const res = await send(body);
          const answer = (await res.json()) as { error?: { code: string } };
          expect(res.status).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
          expect(answer.error?.code).toEqual(expect.any(String));
        },
      ),
      { numRuns: RUNS },
    );
    expect(await stored()).toEqual(before);
  });

  it('answers a valid batch changed in a place of each mutation with no 5xx, storing nothing of what it refuses', async () => {
    const send = await tablet();
    let refusedAlone = 0;
    let refusedWhole = 0;
    await fc.assert(
      fc.asyncProperty(changes, async (perEnvelope) => {
        let batch = validBatch() as unknown as Json[];
        perEnvelope.forEach(({ place, value }, i) => {
          const where = paths(batch[i]!);
          batch = setAt(batch, [i, ...where[place % where.length]!], value) as Json[];
        });
        const changed = batch as unknown as Envelope[];
        const before = await stored();
        const res = await send(JSON.stringify({ protocol: PROTOCOL, deviceTime: NOW.toISOString(), mutations: changed }));
        expect(res.status).toBeLessThan(500);
        const body = (await res.json()) as { acked?: string[]; refused?: { mutationId: string; code: string; field?: string }[]; error?: { code: string } };
        const after = await stored();
        if (res.status !== 200) {
          refusedWhole++;
          expect(body.error?.code).toEqual(expect.any(String));
          expect(after).toEqual(before);
          return;
        }
        // Refused by the checks, naming the field: an invalid value that only the database's own
        // backstop caught would be refused naming just the mutation (`mutations.N`).
        for (const r of body.refused ?? []) if (r.code === 'invalid') expect(r.field).toMatch(/^mutations\.\d+\.\w/);
        const refusedIds = (body.refused ?? []).map((r) => r.mutationId);
        refusedAlone += refusedIds.length;
        if (refusedIds.length) {
          const kept = await db().query('SELECT mutation_id FROM applied_mutations WHERE mutation_id = ANY($1::uuid[])', [refusedIds]);
          expect(kept).toEqual([]);
        }
        // Each acked mutation stores at most one row of its kind; a refused one adds none.
        expect(after.m - before.m).toBe(new Set(body.acked).size);
        expect(after.g - before.g + (after.p - before.p) + (after.v - before.v)).toBeLessThanOrEqual(body.acked!.length);
      }),
      { numRuns: RUNS },
    );
    // The changes reached both kinds of refusal: the property did not pass by never refusing.
    expect(refusedAlone).toBeGreaterThan(0);
    expect(refusedWhole).toBeGreaterThan(0);
  }, 120_000);
});
