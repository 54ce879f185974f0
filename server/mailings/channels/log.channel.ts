/**
 * The `log` channel (DESIGN.md "Channels"): one JSON line per delivered message appended to
 * MESSAGES_LOG, exactly `{ "key", "at", "channel", "phone", "mailing", "text" }`. A batch
 * is written with one write and made durable (fdatasync) before the sender marks it sent, so
 * a line the sender counts as delivered is on disk. A crash between the write and the mark
 * leaves the row "sending": the next start asks `delivered` (a scan of the file for those
 * keys) and marks the ones found sent instead of writing them again, and a line torn by
 * the crash is cut off when the file is opened, so every key is in the file once, whole.
 */
import { createReadStream } from 'node:fs';
import { mkdir, open, stat, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import type { Channel, OutMessage, SendOutcome } from './channel.ts';

export async function openLogChannel(path: string): Promise<Channel> {
  await mkdir(dirname(path), { recursive: true });
  await cutTornLine(path);
  const file = await open(path, 'a');
  return {
    id: 'log',
    idempotent: true,
    async send(batch: readonly OutMessage[], now: Date): Promise<SendOutcome[]> {
      const at = now.toISOString();
      const lines = batch.map((m) => `${JSON.stringify({ key: m.key, at, channel: 'log', phone: m.phone, mailing: m.mailing, text: m.text })}\n`).join('');
      try {
        await file.write(lines);
        // A device that cannot be synced (/dev/null, some pipes) has nothing to lose.
        await file.datasync().catch((e: NodeJS.ErrnoException) => {
          if (e.code !== 'EINVAL' && e.code !== 'ENOTSUP') throw e;
        });
        return batch.map(() => ({ ok: true }));
      } catch (e) {
        return batch.map(() => ({ ok: false, retryable: true, error: (e as Error).message }));
      }
    },
    async delivered(keys) {
      const wanted = new Set(keys);
      const found = new Set<string>();
      if (wanted.size === 0) return found;
      const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
      for await (const line of lines) {
        const m = /^\{"key":("(?:[^"\\]|\\.)*")/.exec(line);
        if (!m) continue;
        const key = JSON.parse(m[1]!) as string;
        if (wanted.has(key)) found.add(key);
      }
      return found;
    },
    close: () => file.close(),
  };
}

/** A line without its newline is a write a crash interrupted: drop it (its message is sent again). */
async function cutTornLine(path: string): Promise<void> {
  const size = await stat(path).then(
    (s) => s.size,
    () => 0,
  );
  if (size === 0) return;
  const handle = await open(path, 'r');
  try {
    const chunk = 64 * 1024;
    let end = size;
    while (end > 0) {
      const start = Math.max(0, end - chunk);
      const buf = Buffer.alloc(end - start);
      await handle.read(buf, 0, buf.length, start);
      const nl = buf.lastIndexOf(0x0a);
      if (nl === buf.length - 1 && end === size) return; // ends with a newline: whole
      if (nl >= 0) {
        await truncate(path, start + nl + 1);
        return;
      }
      end = start;
    }
    await truncate(path, 0);
  } finally {
    await handle.close();
  }
}
