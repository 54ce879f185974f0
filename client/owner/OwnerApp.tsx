/**
 * The owner's app, on a phone: log in (or set up the first owner from the one-time link, or a
 * new password from a reset link), then segments today, movements, the trend, a segment's
 * guests, a guest's profile, bonus points, promotions, mailings, settings and tablets, with a bar of five
 * screens at the bottom of the phone (the rest under "Ещё"). Loaded only under /owner, so none of it weighs on the counter's first load.
 */
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { Suspense, useEffect, useState } from 'react';
import { useUpdate } from '../pwa/update-store.ts';
import { api, ApiFailure } from './api.ts';
import { OwnerNav } from './OwnerNav.tsx';
import { QueryState } from './QueryState.tsx';
import { sessionChanged, useAuthState } from './queries.ts';
import { LoginScreen } from './screens/LoginScreen.tsx';
import { NoOwnerScreen } from './screens/NoOwnerScreen.tsx';
import { ResetScreen, Screen, ScreenLoading, SetupScreen } from './Screen.tsx';
import { followHistory, useOwnerUi } from './store.ts';
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

function OwnerShell() {
  const t = useOwnerT();
  const { route, locale, setLocale } = useOwnerUi();
  const auth = useAuthState();
  const client = useQueryClient();
  const update = useUpdate();
  useEffect(followHistory, []);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  // A new screen starts at its top.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the route is what changes the screen
  useEffect(() => {
    document.documentElement.scrollTop = 0;
  }, [route]);

  // Before logging in, every screen is one card in the page's one main landmark.
  const alone = (screen: React.ReactNode) => (
    <div className="owner">
      <main className="owner-main">{screen}</main>
    </div>
  );
  // Reached from a one-time link, so their code is fetched only then.
  if (route.name === 'setup' || route.name === 'reset')
    return alone(<Suspense fallback={<ScreenLoading />}>{route.name === 'setup' ? <SetupScreen /> : <ResetScreen />}</Suspense>);
  return (
    <QueryState query={auth} wrap={(node) => alone(node)}>
      {({ session, ownerExists }) =>
        !session ? (
          alone(ownerExists ? <LoginScreen /> : <NoOwnerScreen />)
        ) : (
          <div className="owner owner-signed-in">
            <header className="owner-bar">
              <strong>{session.cafe.name}</strong>
              <button type="button" className="link" lang={locale === 'ru' ? 'en' : 'ru'} onClick={() => setLocale(locale === 'ru' ? 'en' : 'ru')}>
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
            <main className="owner-main">
              <Screen route={route} />
            </main>
            <OwnerNav />
          </div>
        )
      }
    </QueryState>
  );
}
