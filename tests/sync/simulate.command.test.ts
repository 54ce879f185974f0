import { describe, expect, it } from 'vitest';
import { checkHostile } from './simulate.command.ts';
import type { SimulationReport } from './simulate.ts';

type Verdict = Pick<SimulationReport, 'serverErrors' | 'hostile' | 'refused'>;

const clean: Verdict = {
  serverErrors: 0,
  refused: 0,
  hostile: {
    tablets: 1,
    sent: 10,
    refused: 7,
    applied: 3,
    serverErrors: 0,
    leaked: 0,
    wronglyApplied: 0,
    wronglyRefused: 0,
    clockAhead: 1,
    clockFlagged: 1,
    byKind: {},
    failures: [],
  },
};

describe('simulate command: the hostile audit decides the exit', () => {
  it('passes a run where every hostile mutation was refused and nothing leaked', () => {
    expect(() => checkHostile(clean)).not.toThrow();
  });

  it.each<[string, Verdict]>([
    ['a leaked hostile row', { ...clean, hostile: { ...clean.hostile, leaked: 1, failures: ['guest g with unsafe characters in the name'] } }],
    ['a hostile mutation acked', { ...clean, hostile: { ...clean.hostile, wronglyApplied: 1 } }],
    ['a valid mutation refused beside the hostile ones', { ...clean, hostile: { ...clean.hostile, wronglyRefused: 1 } }],
    ['a 5xx answer', { ...clean, serverErrors: 1 }],
    ['an honest mutation refused', { ...clean, refused: 1 }],
  ])('fails on %s', (_what, report) => {
    expect(() => checkHostile(report)).toThrow(/simulation found/);
  });
});
