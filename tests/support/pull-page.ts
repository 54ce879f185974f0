/** A pull page as the server sends it with nothing changed, for the tablet's data tests to fill in. */
import { emptyPullChanges, PROTOCOL, type PullResponse } from '../../shared/sync/protocol.ts';

export const pullPage = (serverTime: Date, over: Partial<PullResponse> = {}): PullResponse => ({
  protocol: PROTOCOL,
  cursor: '10',
  more: false,
  serverTime: serverTime.toISOString(),
  ...emptyPullChanges(),
  ...over,
});
