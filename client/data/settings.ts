/** The café's settings as the tablet knows them, with defaults until the server sends its own. */
import { DEFAULT_TIME_ZONE, type TimeZone } from '../../shared/domain/time-zone.ts';
import { newId } from './new-id.ts';
import { DEFAULT_PURCHASE_CEILING, type Kopecks } from '../../shared/domain/money.ts';
import { DEFAULT_RULES } from '../../shared/segments/presets.ts';
import type { RuleSet } from '../../shared/segments/rules.ts';
import { DEFAULT_PROGRAM, type LoyaltyProgram } from '../../shared/loyalty/program.ts';
import type { CounterDb } from './db.ts';
import type { LocalLoss } from './sync/local-loss.ts';
import type { StuckState } from './sync/stuck.ts';

export interface CounterSettings {
  deviceId: string;
  timeZone: TimeZone;
  rules: RuleSet;
  purchaseCeiling: Kopecks;
  menu: string[];
  locale: 'ru' | 'en';
  /** The bonus programme as the last pull brought it (DEFAULT_PROGRAM until then). */
  program: LoyaltyProgram;
  /** Café days after a sale's own that it may still be voided here, as the owner set it (shared/domain/void-window.ts). */
  voidWindowDays: number;
  /** Sync: where the server is, this tablet's token, the pull cursor, the clock. */
  serverUrl: string;
  token: string | null;
  cursor: string;
  hlc: string | null;
  lastSyncAt: number | null;
  lastSyncError: string | null;
  /** Changed whenever promotions are stored, so a tab's prepared copy of them knows it is stale (offers.ts). */
  promotionsStamp: string | null;
  /** The café's Telegram deep link as the server last gave it (null: none known), kept to show offline. */
  telegramLink: string | null;
  /** Writes this tablet lost (a wiped or rolled-back database), until the barista dismisses it (sync/local-loss.ts). */
  localLoss: LocalLoss | null;
  /** The outbox's head and how many successful rounds left it in place (sync/stuck.ts). */
  stuck: StuckState | null;
}

export const DEFAULT_MENU = ['Капучино', 'Латте', 'Американо', 'Раф', 'Флэт уайт', 'Чай', 'Какао', 'Круассан', 'Маффин', 'Сэндвич'];

const DEFAULTS: Omit<CounterSettings, 'deviceId'> = {
  timeZone: DEFAULT_TIME_ZONE,
  rules: DEFAULT_RULES,
  purchaseCeiling: DEFAULT_PURCHASE_CEILING,
  menu: DEFAULT_MENU,
  locale: 'ru',
  program: DEFAULT_PROGRAM,
  voidWindowDays: 0,
  serverUrl: '',
  token: null,
  cursor: '0',
  hlc: null,
  lastSyncAt: null,
  lastSyncError: null,
  promotionsStamp: null,
  telegramLink: null,
  localLoss: null,
  stuck: null,
};

/** Reads all settings; must run inside a transaction that includes `settings` when called from one. */
export async function readSettings(db: CounterDb): Promise<CounterSettings> {
  const rows = await db.settings.toArray();
  const stored = Object.fromEntries(rows.map((r) => [r.key, r.value])) as Partial<CounterSettings>;
  return { ...DEFAULTS, deviceId: stored.deviceId ?? '', ...stored };
}

/** The tablet's own id, made once. */
export async function ensureDeviceId(db: CounterDb): Promise<string> {
  return db.transaction('rw', db.settings, async () => {
    const row = await db.settings.get('deviceId');
    if (typeof row?.value === 'string') return row.value;
    const id = newId<string>();
    await db.settings.put({ key: 'deviceId', value: id });
    return id;
  });
}

export async function saveSetting<K extends keyof CounterSettings>(db: CounterDb, key: K, value: CounterSettings[K]): Promise<void> {
  await db.settings.put({ key, value });
}
