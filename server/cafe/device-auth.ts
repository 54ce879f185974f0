/** A tablet authenticates with `Authorization: Bearer <device token>`; a revoked token is refused. */
import { createMiddleware } from 'hono/factory';
import type { Db } from '../db/db.ts';
import { deviceByToken, type Device } from './devices.repo.ts';
import { ApiError } from '../http/errors.ts';

export type DeviceEnv = { Variables: { device: Device } };

export function deviceAuth(db: Db) {
  return createMiddleware<DeviceEnv>(async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const token = /^Bearer\s+(\S+)$/i.exec(header)?.[1];
    if (!token) throw new ApiError('no-token', 'this endpoint needs a device token: Authorization: Bearer <token>');
    const device = await deviceByToken(db, token);
    if (!device) throw new ApiError('bad-token', 'the device token is not valid');
    if (device.revokedAt) throw new ApiError('token-revoked', 'this tablet was unpaired by the owner; pair it again');
    c.set('device', device);
    await next();
  });
}
