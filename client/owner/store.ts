/**
 * Which owner screen is open, kept in the address bar (/owner/…) so the phone's back button
 * and a reload work. UI state only: data comes through TanStack Query.
 */
import { create } from 'zustand';
import type { Locale } from '../i18n/messages.ts';

export type OwnerRoute =
  | { name: 'segments' }
  | { name: 'segment'; id: string }
  | { name: 'movements' }
  | { name: 'trend' }
  | { name: 'settings' }
  | { name: 'devices' }
  | { name: 'loyalty' }
  | { name: 'program' }
  | { name: 'setup' }
  | { name: 'mailings' }
  | { name: 'mailing'; id: string }
  | { name: 'compose'; segment?: string }
  | { name: 'mailing-settings' }
  | { name: 'poster' };

export function routeFromPath(path: string): OwnerRoute {
  const parts = path
    .replace(/^\/owner\/?/, '')
    .split('/')
    .filter(Boolean);
  const [head, id] = parts;
  if (head === 'segments' && id) return { name: 'segment', id: decodeURIComponent(id) };
  if (head === 'loyalty') return id === 'program' ? { name: 'program' } : { name: 'loyalty' };
  if (head === 'mailings') return mailingRouteFrom(parts.slice(1));
  if (head === 'movements' || head === 'trend' || head === 'settings' || head === 'devices' || head === 'setup') return { name: head };
  return { name: 'segments' };
}

export function pathOf(route: OwnerRoute): string {
  if (route.name === 'segments') return '/owner';
  if (route.name === 'segment') return `/owner/segments/${encodeURIComponent(route.id)}`;
  if (route.name === 'program') return '/owner/loyalty/program';
  if (route.name === 'mailing') return `/owner/mailings/${encodeURIComponent(route.id)}`;
  if (route.name === 'compose') return `/owner/mailings/new${route.segment ? `/${encodeURIComponent(route.segment)}` : ''}`;
  if (route.name === 'mailing-settings') return '/owner/mailings/settings';
  if (route.name === 'poster') return '/owner/mailings/poster';
  return `/owner/${route.name}`;
}

/** /owner/mailings, …/new[/segment], …/settings, …/poster, …/<id>. */
function mailingRouteFrom([head, arg]: string[]): OwnerRoute {
  if (head === 'new') return arg ? { name: 'compose', segment: decodeURIComponent(arg) } : { name: 'compose' };
  if (head === 'settings') return { name: 'mailing-settings' };
  if (head === 'poster') return { name: 'poster' };
  if (head) return { name: 'mailing', id: decodeURIComponent(head) };
  return { name: 'mailings' };
}

interface OwnerUi {
  route: OwnerRoute;
  locale: Locale;
  go(route: OwnerRoute): void;
  setLocale(locale: Locale): void;
}

export const useOwnerUi = create<OwnerUi>((set) => ({
  route: typeof location === 'undefined' ? { name: 'segments' } : routeFromPath(location.pathname),
  locale: 'ru',
  go: (route) => {
    if (typeof history !== 'undefined' && location.pathname !== pathOf(route)) history.pushState(null, '', pathOf(route));
    set({ route });
  },
  setLocale: (locale) => set({ locale }),
}));

/** The browser's back and forward buttons move between screens. */
export function followHistory(): () => void {
  const onPop = () => useOwnerUi.setState({ route: routeFromPath(location.pathname) });
  window.addEventListener('popstate', onPop);
  return () => window.removeEventListener('popstate', onPop);
}
