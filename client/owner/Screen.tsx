/**
 * Which screen a route shows. Only the segments screen — the one /owner opens on — travels
 * with the owner's first load; every other screen is its own chunk, fetched when the owner
 * first goes there (a phone on a slow network starts the dashboard sooner: issue 15's
 * Lighthouse bench). While a chunk loads, a placeholder as tall as the phone's screen stands
 * in, so the bar and the bottom navigation do not move.
 */
import { type ComponentType, lazy, Suspense } from 'react';
import { SegmentsScreen } from './screens/SegmentsScreen.tsx';
import type { OwnerRoute } from './store.ts';
import { useOwnerT } from './use-owner-t.ts';

/** React.lazy over a named export. */
function later<P>(load: () => Promise<ComponentType<P>>) {
  return lazy(async () => ({ default: await load() }));
}

const SegmentListScreen = later(() => import('./screens/SegmentListScreen.tsx').then((m) => m.SegmentListScreen));
const GuestScreen = later(() => import('./screens/GuestScreen.tsx').then((m) => m.GuestScreen));
const MovementsScreen = later(() => import('./screens/MovementsScreen.tsx').then((m) => m.MovementsScreen));
const MovedGuestsScreen = later(() => import('./screens/MovedGuestsScreen.tsx').then((m) => m.MovedGuestsScreen));
const TrendScreen = later(() => import('./screens/TrendScreen.tsx').then((m) => m.TrendScreen));
const SettingsScreen = later(() => import('./screens/SettingsScreen.tsx').then((m) => m.SettingsScreen));
const DevicesScreen = later(() => import('./screens/DevicesScreen.tsx').then((m) => m.DevicesScreen));
const LoyaltyScreen = later(() => import('./screens/LoyaltyScreen.tsx').then((m) => m.LoyaltyScreen));
const ProgramScreen = later(() => import('./screens/ProgramScreen.tsx').then((m) => m.ProgramScreen));
const MailingsScreen = later(() => import('./mailings/MailingsScreen.tsx').then((m) => m.MailingsScreen));
const MailingScreen = later(() => import('./mailings/MailingScreen.tsx').then((m) => m.MailingScreen));
const ComposeScreen = later(() => import('./mailings/ComposeScreen.tsx').then((m) => m.ComposeScreen));
const MailingSettingsScreen = later(() => import('./mailings/MailingSettingsScreen.tsx').then((m) => m.MailingSettingsScreen));
const PosterScreen = later(() => import('./mailings/PosterScreen.tsx').then((m) => m.PosterScreen));
const ImportScreen = later(() => import('./screens/import/ImportScreen.tsx').then((m) => m.ImportScreen));
const PromotionsScreen = later(() => import('./promotions/PromotionsScreen.tsx').then((m) => m.PromotionsScreen));
const MoreScreen = later(() => import('./screens/MoreScreen.tsx').then((m) => m.MoreScreen));
export const SetupScreen = later(() => import('./screens/SetupScreen.tsx').then((m) => m.SetupScreen));
export const ResetScreen = later(() => import('./screens/ResetScreen.tsx').then((m) => m.ResetScreen));

/** Stands in for a screen whose code is on its way: the height of the screen, so nothing below moves. */
export function ScreenLoading() {
  const t = useOwnerT();
  return (
    <div className="screen-loading" role="status">
      <span className="visually-hidden">{t.loading}</span>
    </div>
  );
}

export function Screen({ route }: { route: OwnerRoute }) {
  return (
    <Suspense fallback={<ScreenLoading />}>
      <RouteScreen route={route} />
    </Suspense>
  );
}

function RouteScreen({ route }: { route: OwnerRoute }) {
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
