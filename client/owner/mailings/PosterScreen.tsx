/**
 * A printable poster for the counter: how to subscribe in Telegram, with a QR code of the
 * bot's deep link (its start parameter names the café) and the link itself printed large for
 * a phone without a camera app that reads codes.
 */
import { useQuery } from '@tanstack/react-query';
import { QueryState } from '../QueryState.tsx';
import { useAuthState } from '../queries.ts';
import { useOwnerUi } from '../store.ts';
import { useMailingT, useTelegramLink } from './mailing-queries.ts';
import { qrSvg, svgDataUrl } from '../../ui/qr-svg.ts';
import './mailings.css';

export function PosterScreen() {
  const t = useMailingT();
  const go = useOwnerUi((s) => s.go);
  const link = useTelegramLink();
  const cafe = useAuthState().data?.session?.cafe.name ?? '';
  return (
    <section className="owner-screen poster">
      <p className="no-print">
        <button type="button" className="link back" onClick={() => go({ name: 'mailings' })}>
          ← {t.back}
        </button>{' '}
        <button type="button" onClick={() => window.print()}>
          {t.posterScreen.print}
        </button>
      </p>
      <QueryState query={link}>
        {(l) =>
          l.url ? (
            <article className="poster-sheet">
              <h1>{t.posterScreen.heading(cafe)}</h1>
              <LinkQr url={l.url} alt={t.posterScreen.qrAlt} />
              <p className="poster-link">
                <a href={l.url}>{l.url.replace(/^https:\/\//, '')}</a>
              </p>
              <p>{t.posterScreen.steps}</p>
            </article>
          ) : (
            <p role="alert">{t.posterScreen.notConfigured}</p>
          )
        }
      </QueryState>
    </section>
  );
}

/** The link's QR code, drawn here (the link is public: it says which café, nothing about a guest). */
function LinkQr({ url, alt }: { url: string; alt: string }) {
  const svg = useQuery({ queryKey: ['qr', url], queryFn: () => qrSvg(url), staleTime: Number.POSITIVE_INFINITY });
  if (!svg.data) return null;
  return <img className="poster-qr" src={svgDataUrl(svg.data)} alt={alt} />;
}
