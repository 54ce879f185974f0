/**
 * The owner's app, on a phone: log in (or set up the first owner from the one-time link),
 * then segments today, movements, the trend, a segment's guests, settings and tablets.
 * Loaded only under /owner, so none of it weighs on the counter's first load.
 */
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useUpdate } from '../pwa/update-store.ts';
import { api, ApiFailure } from './api.ts';
import { QueryState } from './QueryState.tsx';
import { sessionChanged, useSession } from './queries.ts';
import { DevicesScreen } from './screens/DevicesScreen.tsx';
import { LoginScreen } from './screens/LoginScreen.tsx';
import { LoyaltyScreen } from './screens/LoyaltyScreen.tsx';
import { ProgramScreen } from './screens/ProgramScreen.tsx';
import { ComposeScreen } from './mailings/ComposeScreen.tsx';
import { MailingScreen } from './mailings/MailingScreen.tsx';
import { MailingSettingsScreen } from './mailings/MailingSettingsScreen.tsx';
import { MailingsScreen } from './mailings/MailingsScreen.tsx';
import { PosterScreen } from './mailings/PosterScreen.tsx';
import { MovementsScreen } from './screens/MovementsScreen.tsx';
import { SegmentListScreen } from './screens/SegmentListScreen.tsx';
import { SegmentsScreen } from './screens/SegmentsScreen.tsx';
import { SettingsScreen } from './screens/SettingsScreen.tsx';
import { SetupScreen } from './screens/SetupScreen.tsx';
import { TrendScreen } from './screens/TrendScreen.tsx';
import { followHistory, useOwnerUi, type OwnerRoute } from './store.ts';
import { useOwnerT } from './use-owner-t.ts';
import './owner.css';

export function newQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      // A 4xx will not change by asking again; a network blip may.
      queries: { retry: (n, e) => !(e instanceof ApiFailure && e.refused) && n < 2, refetchOnWindowFocus: true },
    },
  });
}

export function OwnerApp({ client }: { client?: QueryClient }) {
  const [queryClient] = useState(() => client ?? newQueryClient());
  return (
    <QueryClientProvider client={queryClient}>
      <OwnerShell />
    </QueryClientProvider>
  );
}

const TABS = ['segments', 'movements', 'trend', 'loyalty', 'mailings', 'settings', 'devices'] as const;
const MAILING_ROUTES: readonly OwnerRoute['name'][] = ['mailing', 'compose', 'mailing-settings', 'poster'];

function OwnerShell() {
  const t = useOwnerT();
  const { route, go, locale, setLocale } = useOwnerUi();
  const session = useSession();
  const client = useQueryClient();
  const update = useUpdate();
  useEffect(followHistory, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  if (route.name === 'setup') return <div className="owner">{<SetupScreen />}</div>;
  return (
    <div className="owner">
      <QueryState query={session}>
        {(s) =>
          !s ? (
            <LoginScreen />
          ) : (
            <>
              <header className="owner-bar">
                <strong>{s.cafe.name}</strong>
                <button type="button" className="link" onClick={() => setLocale(locale === 'ru' ? 'en' : 'ru')}>
                  {t.language}
                </button>
                <button
                  type="button"
                  className="link"
                  onClick={() => void api('/api/auth/logout', { method: 'POST' }).finally(() => sessionChanged(client, null))}
                >
                  {t.logout}
                </button>
              </header>
              {update.ready && (
                <p className="notice">
                  {t.update}{' '}
                  <button type="button" onClick={update.apply}>
                    {t.updateButton}
                  </button>
                </p>
              )}
              <nav className="owner-tabs" aria-label={t.title}>
                {TABS.map((tab) => (
                  <button
                    key={tab}
                    type="button"
                    aria-current={
                      route.name === tab ||
                      (tab === 'segments' && route.name === 'segment') ||
                      (tab === 'loyalty' && route.name === 'program') ||
                      (tab === 'mailings' && MAILING_ROUTES.includes(route.name))
                        ? 'page'
                        : undefined
                    }
                    onClick={() => go({ name: tab })}
                  >
                    {t.nav[tab]}
                  </button>
                ))}
              </nav>
              <main className="owner-main">
                <Screen route={route} />
              </main>
            </>
          )
        }
      </QueryState>
    </div>
  );
}

function Screen({ route }: { route: OwnerRoute }) {
  switch (route.name) {
    case 'segment':
      return <SegmentListScreen key={route.id} segment={route.id} />;
    case 'movements':
      return <MovementsScreen />;
    case 'trend':
      return <TrendScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'devices':
      return <DevicesScreen />;
    case 'loyalty':
      return <LoyaltyScreen />;
    case 'program':
      return <ProgramScreen />;
    case 'mailings':
      return <MailingsScreen />;
    case 'mailing':
      return <MailingScreen key={route.id} id={route.id} />;
    case 'compose':
      return <ComposeScreen key={route.segment ?? ''} segment={route.segment} />;
    case 'mailing-settings':
      return <MailingSettingsScreen />;
    case 'poster':
      return <PosterScreen />;
    default:
      return <SegmentsScreen />;
  }
}
