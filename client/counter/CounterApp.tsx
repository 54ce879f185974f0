import { useEffect } from 'react';
import { useDeferred } from './deferred-loader.ts';
import { SearchScreen } from './SearchScreen.tsx';
import { StatusBar } from './StatusBar.tsx';
import { useCounterUi } from './store.ts';

/** The barista's app: a status bar and one screen at a time, each with its one h1. Segments never appear here. */
export function CounterApp() {
  const screen = useCounterUi((s) => s.screen);
  const locale = useCounterUi((s) => s.locale);
  // The first screen is the search; the others come after the first paint (deferred.ts).
  const later = useDeferred(screen.name !== 'search');
  // The page's language follows the screen's: screen readers, hyphenation and translation offers go by it.
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <div className="counter">
      <StatusBar />
      <main>
        {screen.name === 'search' && <SearchScreen prefill={screen.prefill} />}
        {later && screen.name === 'register' && <later.RegisterScreen phone={screen.phone} />}
        {later && screen.name === 'guest' && <later.GuestCard guestId={screen.guestId} />}
        {later && screen.name === 'purchase' && (
          <later.PurchaseScreen key={screen.promotionId ?? ''} guestId={screen.guestId} promotionId={screen.promotionId} />
        )}
        {later && screen.name === 'edit' && <later.EditGuestScreen guestId={screen.guestId} />}
        {later && screen.name === 'shift' && <later.ShiftScreen />}
      </main>
    </div>
  );
}
