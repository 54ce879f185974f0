/**
 * A TCP proxy on localhost that a test can unplug: the browser loads the app through it, so
 * "offline" is real for any browser, even one without an offline switch (WebDriver has none).
 * Unplugged, it closes its listening socket (new connections are refused, as with no route to
 * the server) and destroys every open connection, so no kept-alive socket carries a request
 * past the cut. Plugged back in, it listens on the same port, so the page's origin is unchanged.
 */
import { createServer, type Server, type Socket, connect } from 'node:net';

export interface TcpProxy {
  /** `http://localhost:<port>`: the address the browser uses instead of the app's own. */
  url: string;
  port: number;
  online: () => boolean;
  unplug(): Promise<void>;
  plugIn(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const open = new Set<Socket>();
  let server: Server | null = null;

  const accept = (client: Socket) => {
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) {
      open.add(s);
      s.on('close', () => open.delete(s));
      // A reset on one side ends the other: the proxy never keeps half a connection.
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  };

  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      const s = createServer(accept);
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        server = s;
        resolve((s.address() as { port: number }).port);
      });
    });

  const unplug = async () => {
    const s = server;
    server = null;
    if (!s) return;
    const closed = new Promise<void>((resolve) => s.close(() => resolve()));
    for (const socket of open) socket.destroy();
    await closed;
  };

  const port = await listen(0);
  return {
    url: `http://localhost:${port}`,
    port,
    online: () => server !== null,
    unplug,
    plugIn: async () => {
      if (!server) await listen(port);
    },
    close: unplug,
  };
}
