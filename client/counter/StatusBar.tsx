import { useEffect, useState } from 'react';
import { useOnline } from '../pwa/online.ts';
import { useNow, usePendingCount, useRefused, useSettings, useTelegramLink } from '../data/status-hooks.ts';
import { errorMessage } from '../i18n/error-messages.ts';
import { sinceText } from './since.ts';
import { LocalLossNotice } from './LocalLossNotice.tsx';
import { isStuck } from '../data/sync/stuck.ts';
import { formatBytes, timeOfDay } from '../i18n/intl.ts';
import { useT } from '../i18n/use-t.ts';
import { requestPersistentStorage, type StorageStatus } from '../pwa/storage-status.ts';
import { useUpdate } from '../pwa/update-store.ts';
import { useDeferred } from './deferred-loader.ts';
import { useCounterUi } from './store.ts';

const UNPAIRED = new Set(['bad-token', 'token-revoked', 'no-token']);

/** Online or not, how many records wait to sync, storage health, the update prompt, and the café's Telegram QR code. */
export function StatusBar() {
  const t = useT();
  const online = useOnline();
  const pending = usePendingCount();
  const { screen, locale, setLocale } = useCounterUi();
  const update = useUpdate();
  const [storage, setStorage] = useState<StorageStatus | null>(null);
  const [open, setOpen] = useState(false);
  const [pairing, setPairing] = useState(false);
  const [telegram, setTelegram] = useState(false);
  const [tablet, setTablet] = useState(false);
  const settings = useSettings();
  const telegramLink = useTelegramLink(online);
  const refused = useRefused() ?? [];
  const [showRefused, setShowRefused] = useState(false);
  const now = useNow();
  // Pairing and the Telegram QR code are not on the first screen: they come with the rest of the
  // counter after the first paint (deferred.ts), and the QR code's library only when first opened.
  const later = useDeferred(pairing || telegram || tablet);
  const syncProblem = settings?.lastSyncError ? t.syncProblems[settings.lastSyncError as keyof typeof t.syncProblems] : undefined;
  // The server no longer takes the token (revoked, or restored from a backup older than the
  // pairing): pairing again is the way on, and the outbox waits for it.
  const paired = !!settings?.token && !UNPAIRED.has(settings.lastSyncError ?? '');

  // Asked again after each write: usage grows with what is waiting to sync.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `pending` is the trigger, not an input
  useEffect(() => {
    void requestPersistentStorage().then(setStorage);
  }, [pending]);

  return (
    <header className="status-bar">
      <span className={online ? 'online' : 'offline'} role="status">
        {online ? t.online : t.offline}
      </span>
      <span>
        {t.pending}: <strong data-testid="pending-count">{pending ?? 0}</strong>
      </span>
      {settings?.token && (
        <span data-testid="sync-status">
          {t.sync}: {settings.lastSyncAt ? `${timeOfDay(settings.lastSyncAt, locale)} (${sinceText(settings.lastSyncAt, now, locale)})` : t.never}
          {syncProblem && ` — ${syncProblem}`}
        </span>
      )}
      {!paired && (
        <button type="button" className="link" aria-expanded={pairing} onClick={() => setPairing(!pairing)}>
          {settings?.token ? t.pairAgain : t.notPaired}
        </button>
      )}
      {paired && (
        <button type="button" className="link" aria-expanded={tablet} onClick={() => setTablet(!tablet)}>
          {t.tablet}
        </button>
      )}
      {isStuck(settings?.stuck) && (
        <span className="stuck" role="status" data-testid="stuck">
          {t.stuck(settings.stuck.count)}
        </span>
      )}
      {refused.length > 0 && (
        <button type="button" className="link refused" aria-expanded={showRefused} onClick={() => setShowRefused(!showRefused)}>
          {t.notAccepted}: <strong data-testid="refused-count">{refused.length}</strong>
        </button>
      )}
      {telegramLink && (
        <button type="button" className="link" aria-expanded={telegram} onClick={() => setTelegram(!telegram)}>
          {t.telegram}
        </button>
      )}
      <button type="button" className="link" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t.storage}
      </button>
      {update.ready && screen.name !== 'purchase' && (
        <span className="update">
          {t.updateReady}{' '}
          <button type="button" className="primary" onClick={update.apply}>
            {t.update}
          </button>
        </span>
      )}
      <button type="button" className="link lang" lang={locale === 'ru' ? 'en' : 'ru'} onClick={() => setLocale(locale === 'ru' ? 'en' : 'ru')}>
        {t.language}
      </button>
      {later && pairing && !paired && <later.PairPanel onDone={() => setPairing(false)} />}
      {later && tablet && paired && <later.TabletPanel onDone={() => setTablet(false)} />}
      <LocalLossNotice loss={settings?.localLoss} />
      {later && telegram && telegramLink && <later.TelegramPanel url={telegramLink} onClose={() => setTelegram(false)} />}
      {showRefused && refused.length > 0 && (
        <section className="refused-panel" aria-label={t.notAccepted}>
          <p>{t.notAcceptedHint}</p>
          <ul>
            {[...refused].reverse().map((r) => (
              <li key={r.mutationId}>
                {timeOfDay(r.refusedAt, locale)} · {t.mutationKinds[r.mutation.kind as keyof typeof t.mutationKinds] ?? r.mutation.kind}:{' '}
                {errorMessage(r.code, locale)}
              </li>
            ))}
          </ul>
        </section>
      )}
      {open && storage && (
        <section className="storage-panel" aria-label={t.storage}>
          <p>{storage.persisted ? t.persisted : t.notPersisted}</p>
          {storage.usage !== null && storage.quota !== null && (
            <p>{`${formatBytes(storage.usage, locale)} ${t.used} ${t.of} ${formatBytes(storage.quota, locale)}`}</p>
          )}
        </section>
      )}
    </header>
  );
}
