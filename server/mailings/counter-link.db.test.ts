import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnBackends } from '../../tests/support/backends.ts';
import { fakeTelegram } from '../../tests/support/fake-providers.ts';
import { pairTablet } from '../../tests/support/sync-helpers.ts';
import { createApp } from '../app.ts';
import { ensureCafe } from '../cafe/cafes.repo.ts';
import { saveMailingSettings } from './settings.repo.ts';

const NOW = new Date('2026-11-20T09:00:00Z');
const TOKEN = '123456:COUNTER-token-abcdefghijklmnop';

describeOnBackends("the counter's Telegram link", ({ db }) => {
  let telegram: Awaited<ReturnType<typeof fakeTelegram>>;
  beforeAll(async () => {
    telegram = await fakeTelegram(TOKEN);
  });
  afterAll(() => telegram.close());

  it('a paired tablet gets the deep link with the café as its start parameter — never the token; null with no bot; 401 without a tablet token', async () => {
    const app = createApp({ db: db(), now: () => NOW, mailings: { env: { MESSAGES_LOG: '/dev/null' } } });
    const token = await pairTablet(app, db(), NOW);
    const ask = (auth?: string) => app.request('/api/counter/telegram-link', { headers: auth ? { authorization: `Bearer ${auth}` } : {} });

    expect(await (await ask(token)).json()).toEqual({ url: null });
    expect((await ask()).status).toBe(401);

    const cafe = await ensureCafe(db());
    await saveMailingSettings(
      db(),
      cafe.id,
      {
        channelOrder: ['telegram', 'log'],
        cap: { maxMessages: 2, days: 7 },
        quietHours: { from: '21:00', to: '09:00' },
        publicUrl: null,
        smtpFrom: null,
        telegramApiUrl: telegram.url,
      },
      { telegramBotToken: TOKEN },
    );
    const res = await ask(token);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(JSON.parse(text)).toEqual({ url: expect.stringMatching(new RegExp(`^https://t\\.me/\\w+\\?start=c_${cafe.id.replaceAll('-', '')}$`)) });
    expect(text).not.toContain(TOKEN.split(':')[1]);
  });
});
