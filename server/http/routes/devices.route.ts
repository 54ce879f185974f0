import { Hono } from 'hono';
import { z } from 'zod';
import type { AppDeps } from '../../app.ts';
import { claimPairingCode } from '../../repos/devices.repo.ts';
import { ApiError } from '../errors.ts';
import { parseJson } from '../validate.ts';

const claimSchema = z.object({ code: z.string().trim().regex(/^\d{8}$/, 'code must be the 8 digits shown to the owner'), name: z.string().trim().min(1).max(60) });

const REASONS = { unknown: 'no such pairing code', expired: 'the pairing code has expired (codes last 10 minutes)', used: 'the pairing code was already used' } as const;

export function devicesRoute(deps: AppDeps) {
  return new Hono().post('/claim', async (c) => {
    const body = await parseJson(c, claimSchema);
    const result = await deps.db.transaction((tx) => claimPairingCode(tx, body.code, body.name, deps.now()));
    if (!result.ok) throw new ApiError(result.reason === 'unknown' ? 404 : 410, `code-${result.reason}`, REASONS[result.reason], 'code');
    return c.json({ token: result.token, deviceId: result.deviceId, cafeId: result.cafeId });
  });
}
