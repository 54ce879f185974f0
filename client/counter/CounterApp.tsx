import { useEffect } from 'react';
import { EditGuestScreen } from './EditGuestScreen.tsx';
import { GuestCard } from './GuestCard.tsx';
import { PurchaseScreen } from './PurchaseScreen.tsx';
import { RegisterScreen } from './RegisterScreen.tsx';
import { SearchScreen } from './SearchScreen.tsx';
import { ShiftScreen } from './ShiftScreen.tsx';
import { StatusBar } from './StatusBar.tsx';
import { useCounterUi } from './store.ts';

/** The barista's app: a status bar and one screen at a time, each with its one h1. Segments never appear here. */
export function CounterApp() {
  const screen = useCounterUi((s) => s.screen);
  const locale = useCounterUi((s) => s.locale);
  // The page's language follows the screen's: screen readers, hyphenation and translation offers go by it.
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return (
    <div className="counter">
      <StatusBar />
      <main>
        {screen.name === 'search' && <SearchScreen prefill={screen.prefill} />}
        {screen.name === 'register' && <RegisterScreen phone={screen.phone} />}
        {screen.name === 'guest' && <GuestCard guestId={screen.guestId} />}
        {screen.name === 'purchase' && <PurchaseScreen key={screen.promotionId ?? ''} guestId={screen.guestId} promotionId={screen.promotionId} />}
        {screen.name === 'edit' && <EditGuestScreen guestId={screen.guestId} />}
        {screen.name === 'shift' && <ShiftScreen />}
      </main>
    </div>
  );
}
