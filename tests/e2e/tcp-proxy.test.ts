import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTcpProxy, type TcpProxy } from './tcp-proxy.ts';

/** Connects to the proxy and resolves with the first reply to `text` from the echo server behind it. */
async function roundTrip(port: number, text: string): Promise<{ reply: string; socket: Socket }> {
  const socket = connect(port, '127.0.0.1');
  await once(socket, 'connect');
  socket.write(text);
  const [data] = await once(socket, 'data');
  return { reply: String(data), socket };
}

describe('TCP proxy that a test can unplug', () => {
  let echo: Server;
  let proxy: TcpProxy;

  beforeAll(async () => {
    echo = createServer((s) => s.pipe(s));
    echo.listen(0, '127.0.0.1');
    await once(echo, 'listening');
    proxy = await startTcpProxy({ host: '127.0.0.1', port: (echo.address() as { port: number }).port });
  });
  afterAll(async () => {
    await proxy.close();
    echo.close();
  });

  it('carries bytes both ways while plugged in, at a localhost URL', async () => {
    expect(proxy.url).toBe(`http://localhost:${proxy.port}`);
    const { reply, socket } = await roundTrip(proxy.port, 'ping');
    expect(reply).toBe('ping');
    socket.destroy();
  });

  it('unplugged: ends open connections and refuses new ones; plugged in again: same port works', async () => {
    const { socket: kept } = await roundTrip(proxy.port, 'before');
    const keptClosed = once(kept, 'close');

    await proxy.unplug();
    expect(proxy.online()).toBe(false);
    await keptClosed;
    const refused = connect(proxy.port, '127.0.0.1');
    const [error] = await once(refused, 'error');
    expect((error as NodeJS.ErrnoException).code).toBe('ECONNREFUSED');

    await proxy.plugIn();
    expect(proxy.online()).toBe(true);
    const { reply, socket } = await roundTrip(proxy.port, 'after');
    expect(reply).toBe('after');
    socket.destroy();
  });
});
