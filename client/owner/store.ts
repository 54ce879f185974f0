/**
 * Which owner screen is open, kept in the address bar (/owner/…) so the phone's back button
 * and a reload work. UI state only: data comes through TanStack Query.
 */
import { create } from 'zustand';
import type { Locale } from '../i18n/messages.ts';

export type OwnerRoute =
  | { name: 'segments' }
  | { name: 'segment'; id: string }
  | { name: 'guest'; id: string }
  | { name: 'movements' }
  /** The guests behind one movement: from null means guests new in the period. */
  | { name: 'moved'; days: number; from: string | null; to: string }
  | { name: 'trend' }
  | { name: 'settings' }
  | { name: 'devices' }
  | { name: 'loyalty' }
  | { name: 'program' }
  | { name: 'mailings' }
  | { name: 'mailing'; id: string }
  | { name: 'compose'; segment?: string }
  | { name: 'mailing-settings' }
  | { name: 'poster' }
  | { name: 'import' }
  /** With a segment: a new promotion aimed at it is open (from the segment's card). */
  | { name: 'promotions'; segment?: string }
  | { name: 'more' }
  | { name: 'setup' }
  | { name: 'reset' };

/**
 * The screens of the bottom bar, and the bar item each other screen belongs to. Five fit a
 * 320 px phone: what the owner reads and acts on every day; the rest is one tap away in "Ещё".
 */
export type OwnerTab = 'segments' | 'movements' | 'trend' | 'mailings' | 'more';
export const OWNER_TABS: readonly OwnerTab[] = ['segments', 'movements', 'trend', 'mailings', 'more'];
/** What "Ещё" lists, in order. */
export const MORE_SCREENS = ['promotions', 'loyalty', 'settings', 'devices', 'import'] as const;
export function tabOf(route: OwnerRoute): OwnerTab | null {
  switch (route.name) {
    case 'segment':
    case 'guest':
      return 'segments';
    case 'moved':
      return 'movements';
    case 'mailing':
    case 'compose':
    case 'mailing-settings':
    case 'poster':
      return 'mailings';
    case 'promotions':
    case 'loyalty':
    case 'program':
    case 'settings':
    case 'devices':
    case 'import':
      return 'more';
    case 'setup':
    case 'reset':
      return null;
    default:
      return route.name;
  }
}

const NEW = 'new';

export function routeFromPath(path: string): OwnerRoute {
  const parts = path
    .replace(/^\/owner\/?/, '')
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent);
  const [head, a, b, c] = parts;
  if (head === 'segments' && a) return { name: 'segment', id: a };
  if (head === 'guests' && a) return { name: 'guest', id: a };
  if (head === 'movements' && a && b && c && /^\d+$/.test(a)) return { name: 'moved', days: Number(a), from: b === NEW ? null : b, to: c };
  if (head === 'loyalty') return a === 'program' ? { name: 'program' } : { name: 'loyalty' };
  if (head === 'mailings') return mailingRouteFrom(a, b);
  if (head === 'promotions') return a ? { name: 'promotions', segment: a } : { name: 'promotions' };
  if (
    head === 'movements' ||
    head === 'trend' ||
    head === 'settings' ||
    head === 'devices' ||
    head === 'import' ||
    head === 'more' ||
    head === 'setup' ||
    head === 'reset'
  )
    return { name: head };
  return { name: 'segments' };
}

function mailingRouteFrom(head: string | undefined, arg: string | undefined): OwnerRoute {
  if (head === NEW) return arg ? { name: 'compose', segment: arg } : { name: 'compose' };
  if (head === 'settings') return { name: 'mailing-settings' };
  if (head === 'poster') return { name: 'poster' };
  if (head) return { name: 'mailing', id: head };
  return { name: 'mailings' };
}

export function pathOf(route: OwnerRoute): string {
  const seg = encodeURIComponent;
  switch (route.name) {
    case 'segments':
      return '/owner';
    case 'segment':
      return `/owner/segments/${seg(route.id)}`;
    case 'guest':
      return `/owner/guests/${seg(route.id)}`;
    case 'moved':
      return `/owner/movements/${route.days}/${seg(route.from ?? NEW)}/${seg(route.to)}`;
    case 'program':
      return '/owner/loyalty/program';
    case 'mailing':
      return `/owner/mailings/${seg(route.id)}`;
    case 'compose':
      return `/owner/mailings/${NEW}${route.segment ? `/${seg(route.segment)}` : ''}`;
    case 'mailing-settings':
      return '/owner/mailings/settings';
    case 'poster':
      return '/owner/mailings/poster';
    case 'promotions':
      return `/owner/promotions${route.segment ? `/${seg(route.segment)}` : ''}`;
    default:
      return `/owner/${route.name}`;
  }
}

interface OwnerUi {
  route: OwnerRoute;
  locale: Locale;
  go(route: OwnerRoute): void;
  /** Back to where the owner came from (the phone's back button), or to `fallback` on a fresh page. */
  back(fallback: OwnerRoute): void;
  setLocale(locale: Locale): void;
}

/** How many screens deep in this app the page's history entry is (0: the entry the app was opened on). */
const depthOfEntry = (): number => {
  const state: unknown = typeof history === 'undefined' ? null : history.state;
  return state && typeof state === 'object' && 'ownerDepth' in state && typeof state.ownerDepth === 'number' ? state.ownerDepth : 0;
};

export const useOwnerUi = create<OwnerUi>((set, get) => ({
  route: typeof location === 'undefined' ? { name: 'segments' } : routeFromPath(location.pathname),
  locale: 'ru',
  go: (route) => {
    if (typeof history !== 'undefined' && location.pathname !== pathOf(route)) {
      history.pushState({ ownerDepth: depthOfEntry() + 1 }, '', pathOf(route));
    }
    set({ route });
  },
  back: (fallback) => {
    // A back button that would leave the app (a link opened straight on this screen) goes to the fallback.
    if (depthOfEntry() > 0) history.back();
    else get().go(fallback);
  },
  setLocale: (locale) => set({ locale }),
}));

/** The browser's back and forward buttons move between screens. */
export function followHistory(): () => void {
  const onPop = () => useOwnerUi.setState({ route: routeFromPath(location.pathname) });
  window.addEventListener('popstate', onPop);
  return () => window.removeEventListener('popstate', onPop);
}
