/**
 * The owner's app, on a phone: log in (or set up the first owner from the one-time link, or a
 * new password from a reset link), then segments today, movements, the trend, a segment's
 * guests, a guest's profile, bonus points, promotions, mailings, settings and tablets, with a bar of five
 * screens at the bottom of the phone (the rest under "Ещё"). Loaded only under /owner, so none of it weighs on the counter's first load.
 */
import { QueryClient, QueryClientProvider, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useUpdate } from '../pwa/update-store.ts';
import { api, ApiFailure } from './api.ts';
import { OwnerNav } from './OwnerNav.tsx';
import { QueryState } from './QueryState.tsx';
import { sessionChanged, useAuthState } from './queries.ts';
import { DevicesScreen } from './screens/DevicesScreen.tsx';
import { GuestScreen } from './screens/GuestScreen.tsx';
import { ImportScreen } from './screens/import/ImportScreen.tsx';
import { LoginScreen } from './screens/LoginScreen.tsx';
import { ComposeScreen } from './mailings/ComposeScreen.tsx';
import { MailingScreen } from './mailings/MailingScreen.tsx';
import { MailingSettingsScreen } from './mailings/MailingSettingsScreen.tsx';
import { MailingsScreen } from './mailings/MailingsScreen.tsx';
import { PosterScreen } from './mailings/PosterScreen.tsx';
import { PromotionsScreen } from './promotions/PromotionsScreen.tsx';
import { LoyaltyScreen } from './screens/LoyaltyScreen.tsx';
import { MoreScreen } from './screens/MoreScreen.tsx';
import { MovedGuestsScreen } from './screens/MovedGuestsScreen.tsx';
import { ProgramScreen } from './screens/ProgramScreen.tsx';
import { MovementsScreen } from './screens/MovementsScreen.tsx';
import { NoOwnerScreen } from './screens/NoOwnerScreen.tsx';
import { ResetScreen } from './screens/ResetScreen.tsx';
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
  if (route.name === 'setup') return alone(<SetupScreen />);
  if (route.name === 'reset') return alone(<ResetScreen />);
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

function Screen({ route }: { route: OwnerRoute }) {
  switch (route.name) {
    case 'segment':
      return <SegmentListScreen key={route.id} segment={route.id} />;
    case 'guest':
      return <GuestScreen key={route.id} id={route.id} />;
    case 'movements':
      return <MovementsScreen />;
    case 'moved':
      return <MovedGuestsScreen key={`${route.days}:${route.from}:${route.to}`} days={route.days} from={route.from} to={route.to} />;
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
    case 'import':
      return <ImportScreen />;
    case 'promotions':
      return <PromotionsScreen key={route.segment ?? ''} segment={route.segment} />;
    case 'more':
      return <MoreScreen />;
    default:
      return <SegmentsScreen />;
  }
}
