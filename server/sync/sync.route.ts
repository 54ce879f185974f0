import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { MIN_PROTOCOL, PROTOCOL, PUSH_MAX_BYTES, pushRequestSchema } from '../../shared/sync/protocol.ts';
import type { AppDeps } from '../app.ts';
import { applyPush } from './push.ts';
import { pull } from './pull.ts';
import { deviceAuth, type DeviceEnv } from '../cafe/device-auth.ts';
import { ApiError } from '../http/errors.ts';
import { parseJson } from '../http/validate.ts';

function checkProtocol(version: number) {
  if (version < MIN_PROTOCOL)
    throw new ApiError('client-outdated', `this tablet speaks sync protocol ${version}; the server needs ${MIN_PROTOCOL}–${PROTOCOL}: please update the app`);
}

export function syncRoute(deps: AppDeps) {
  return new Hono<DeviceEnv>()
    .use(deviceAuth(deps.db))
    .post(
      '/push',
      bodyLimit({
        maxSize: PUSH_MAX_BYTES,
        onError: () => {
          throw new ApiError('too-large', `a push may be at most ${PUSH_MAX_BYTES} bytes; send smaller batches`);
        },
      }),
      async (c) => {
        const body = await parseJson(c, pushRequestSchema);
        checkProtocol(body.protocol);
        return c.json((await applyPush(deps.db, c.get('device'), body, deps.now())).response);
      },
    )
    .get('/pull', async (c) => {
      checkProtocol(Number(c.req.query('protocol') ?? PROTOCOL));
      const since = c.req.query('since') ?? '0';
      if (!/^\d{1,18}$/.test(since)) throw new ApiError('invalid', 'since must be a cursor returned by an earlier pull', 'since');
      return c.json(await pull(deps.db, c.get('device'), Number(since), deps.now()));
    });
}
