/**
 * The café's Telegram bot as a QR code at the counter, with the link itself for a guest who
 * would rather type it. The link names the café only (its start parameter, as on the poster);
 * the guest binds their own number by sharing it in the bot, so nothing about this guest, and
 * nothing about segments, is on the screen. Not part of the counter's first load (deferred.ts),
 * and `qrcode` behind it comes only on the first tap.
 */
import { useEffect, useState } from 'react';
import { useT } from '../i18n/use-t.ts';
import { qrSvg, svgDataUrl } from '../ui/qr-svg.ts';

export default function TelegramPanel({ url, onClose }: { url: string; onClose: () => void }) {
  const t = useT();
  const [svg, setSvg] = useState<{ url: string; svg: string } | null>(null);
  useEffect(() => {
    let cancelled = false;
    void qrSvg(url).then((drawn) => !cancelled && setSvg({ url, svg: drawn }));
    return () => {
      cancelled = true;
    };
  }, [url]);
  return (
    <section className="storage-panel telegram-panel" aria-label={t.telegramTitle}>
      <h2>{t.telegramTitle}</h2>
      {svg?.url === url && <img className="telegram-qr" src={svgDataUrl(svg.svg)} alt={t.telegramQrAlt} width={240} height={240} />}
      <p className="telegram-link">{url.replace(/^https:\/\//, '')}</p>
      <p>{t.telegramHint}</p>
      <button type="button" onClick={onClose}>
        {t.close}
      </button>
    </section>
  );
}
