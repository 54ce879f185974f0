/**
 * The café's Telegram bot: how a guest subscribes and unsubscribes.
 *
 * The counter and a printed poster show the bot's deep link (`t.me/<bot>?start=<café>`);
 * /start asks the guest to share their contact with a button. Only a contact that is the
 * sender's own (Telegram says whose number it is) counts: it binds the chat to the guest
 * with that phone and records marketing consent (source 'telegram', by the guest). STOP,
 * «стоп», /stop or the «Отписаться» button withdraw it at once. A number the café does not
 * know gets an invitation to register at the counter; nothing is created from Telegram.
 *
 * Updates are read by long polling (getUpdates) and the offset is stored only after an
 * update is handled, so a restart handles each at least once; every handler is idempotent
 * (binding the same chat again, recording the same consent again change nothing).
 */
import type { CafeId, GuestId } from '../../shared/domain/ids.ts';
import { parseRuMobile } from '../../shared/domain/phone.ts';
import { cafeById } from '../cafe/cafes.repo.ts';
import type { Db, Sql } from '../db/db.ts';
import { telegramCall } from './channels/telegram-api.ts';
import { changeConsent } from './consent.repo.ts';
import { loadMailingSettings } from './settings.repo.ts';

export interface TelegramUpdate {
  update_id: number;
  message?: {
    chat: { id: number };
    from?: { id: number };
    text?: string;
    contact?: { phone_number: string; user_id?: number };
  };
}

const STOP_WORDS = new Set(['stop', '/stop', 'стоп', 'отписаться', 'отписка']);
const SHARE_BUTTON = 'Поделиться номером';
const STOP_BUTTON = 'Отписаться';

/** The start parameter names the café (Telegram allows 1–64 of A–Z a–z 0–9 _ -). */
export const startParam = (cafeId: CafeId) => `c_${cafeId.replaceAll('-', '')}`;

const usernames = new Map<string, string | null>();

export async function telegramStartLink(
  db: Db,
  cafeId: CafeId,
  env?: NodeJS.ProcessEnv,
): Promise<{ configured: boolean; url: string | null; bot: string | null }> {
  const s = await loadMailingSettings(db, cafeId, env);
  const token = s.config.telegramBotToken;
  if (!token) return { configured: false, url: null, bot: null };
  const key = `${s.config.telegramApiUrl}|${token}`;
  if (!usernames.has(key) || usernames.get(key) === null) {
    const me = await telegramCall<{ username?: string }>(s.config.telegramApiUrl, token, 'getMe', {}).catch(() => null);
    usernames.set(key, me?.ok ? (me.result?.username ?? null) : null);
  }
  const bot = usernames.get(key) ?? null;
  return { configured: true, bot, url: bot ? `https://t.me/${bot}?start=${startParam(cafeId)}` : null };
}

type Reply = { text: string; keyboard: 'share' | 'stop' | 'none' };

/** Handles one update in the café; returns what to answer (the caller sends it). */
export async function handleTelegramUpdate(db: Db, cafeId: CafeId, u: TelegramUpdate, now: Date): Promise<Reply | null> {
  const msg = u.message;
  if (!msg) return null;
  const chatId = String(msg.chat.id);
  const cafe = await cafeById(db, cafeId);
  if (msg.contact) {
    if (msg.contact.user_id !== undefined && msg.from && msg.contact.user_id !== msg.from.id) {
      return { text: 'Пожалуйста, поделитесь своим номером — кнопкой ниже.', keyboard: 'share' };
    }
    const digits = msg.contact.phone_number.replace(/\D/g, '');
    const phone = parseRuMobile(`+${digits}`);
    if (!phone.ok) return { text: 'Этот номер нам не подходит. Рассылка работает для российских мобильных номеров.', keyboard: 'none' };
    const bound = await db.transaction(async (tx) => {
      const g = await tx.query<{ id: string }>('SELECT id FROM guests WHERE cafe_id = $1 AND phone = $2', [cafeId, phone.value]);
      if (!g[0]) return false;
      await bindChat(tx, cafeId, g[0].id as GuestId, chatId, now);
      await changeConsent(tx, cafeId, g[0].id as GuestId, true, 'telegram', { kind: 'guest' }, now);
      return true;
    });
    if (!bound) return { text: `Мы не нашли гостя с этим номером. Зарегистрируйтесь на кассе в «${cafe.name}» и возвращайтесь!`, keyboard: 'none' };
    return {
      text: `Готово! Теперь новости и подарки «${cafe.name}» будут приходить сюда. Чтобы отписаться, нажмите «${STOP_BUTTON}» или напишите STOP.`,
      keyboard: 'stop',
    };
  }
  const text = (msg.text ?? '').trim();
  if (STOP_WORDS.has(text.toLowerCase())) {
    const withdrawn = await db.transaction(async (tx) => {
      const g = await tx.query<{ guest_id: string }>('SELECT guest_id FROM guest_contacts WHERE cafe_id = $1 AND telegram_chat_id = $2', [cafeId, chatId]);
      for (const row of g) await changeConsent(tx, cafeId, row.guest_id as GuestId, false, 'telegram', { kind: 'guest' }, now);
      return g.length > 0;
    });
    return { text: withdrawn ? 'Вы отписались от рассылки. Больше сообщений с предложениями не будет.' : 'Вы и так не подписаны.', keyboard: 'none' };
  }
  if (text.startsWith('/start')) {
    return {
      text: `Здравствуйте! Чтобы получать новости и подарки «${cafe.name}», поделитесь номером телефона, на который вы зарегистрированы.`,
      keyboard: 'share',
    };
  }
  return { text: `Чтобы подписаться, нажмите «${SHARE_BUTTON}». Чтобы отписаться — напишите STOP.`, keyboard: 'share' };
}

async function bindChat(tx: Sql, cafeId: CafeId, guestId: GuestId, chatId: string, now: Date): Promise<void> {
  // One chat belongs to one guest: a number re-shared by another guest moves the chat.
  await tx.query('UPDATE guest_contacts SET telegram_chat_id = NULL WHERE cafe_id = $1 AND telegram_chat_id = $2 AND guest_id <> $3', [
    cafeId,
    chatId,
    guestId,
  ]);
  await tx.query(
    `INSERT INTO guest_contacts (cafe_id, guest_id, telegram_chat_id, telegram_bound_at) VALUES ($1, $2, $3, $4)
     ON CONFLICT (cafe_id, guest_id) DO UPDATE SET telegram_chat_id = $3, telegram_bound_at = $4`,
    [cafeId, guestId, chatId, now.toISOString()],
  );
}

const markup = (k: Reply['keyboard']) =>
  k === 'share'
    ? { keyboard: [[{ text: SHARE_BUTTON, request_contact: true }]], resize_keyboard: true, one_time_keyboard: true }
    : k === 'stop'
      ? { keyboard: [[{ text: STOP_BUTTON }]], resize_keyboard: true }
      : { remove_keyboard: true };

/** One poll: reads pending updates, handles each, answers, and stores the offset. Returns how many were handled. */
export async function pollTelegramOnce(db: Db, cafeId: CafeId, now: () => Date, env?: NodeJS.ProcessEnv, waitSeconds = 20): Promise<number> {
  const s = await loadMailingSettings(db, cafeId, env);
  const token = s.config.telegramBotToken;
  if (!token) return 0;
  const [row] = await db.query<{ telegram_offset: number }>('SELECT telegram_offset FROM mailing_settings WHERE cafe_id = $1', [cafeId]);
  const a = await telegramCall<TelegramUpdate[]>(
    s.config.telegramApiUrl,
    token,
    'getUpdates',
    { offset: row?.telegram_offset ?? 0, timeout: waitSeconds, allowed_updates: ['message'] },
    (waitSeconds + 10) * 1000,
  );
  if (!a.ok || !a.result) throw new Error(`getUpdates: ${a.error_code ?? a.status} ${a.description ?? ''}`);
  for (const u of a.result) {
    const reply = await handleTelegramUpdate(db, cafeId, u, now());
    if (reply && u.message) {
      await telegramCall(s.config.telegramApiUrl, token, 'sendMessage', {
        chat_id: u.message.chat.id,
        text: reply.text,
        reply_markup: markup(reply.keyboard),
      }).catch(() => undefined);
    }
    await db.query('UPDATE mailing_settings SET telegram_offset = $2 WHERE cafe_id = $1', [cafeId, u.update_id + 1]);
  }
  return a.result.length;
}

/** Polls while the bot is configured; waits and tries again after a failure. Returns a stop function. */
export function startTelegramBot(db: Db, cafeId: CafeId, now: () => Date, env?: NodeJS.ProcessEnv): () => Promise<void> {
  let running = true;
  let cancel: (() => void) | null = null;
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      cancel = () => {
        clearTimeout(t);
        resolve();
      };
    });
  const loop = (async () => {
    while (running) {
      try {
        const s = await loadMailingSettings(db, cafeId, env);
        if (!s.config.telegramBotToken) await pause(30_000);
        else await pollTelegramOnce(db, cafeId, now, env);
      } catch (e) {
        if (running) console.error('telegram bot:', (e as Error).message);
        await pause(5_000);
      }
    }
  })();
  return async () => {
    running = false;
    cancel?.();
    // A long poll in flight ends by its own timeout; do not hold the shutdown for it.
    await Promise.race([loop, new Promise((r) => setTimeout(r, 1000))]);
  };
}
