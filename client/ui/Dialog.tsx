/**
 * A modal dialog that behaves as one: Escape closes it, Tab and Shift+Tab go round its own
 * controls only, focus moves into it when it opens (to the element marked autoFocus, else
 * the first control) and back to what had it when it closes (or where the dialog says, when
 * what it did removes that control), and the page behind is inert
 * (neither clickable nor reachable by keyboard or screen reader) while it is open.
 */
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

interface DialogProps {
  labelledBy: string;
  describedBy?: string;
  onClose: () => void;
  /** Asked as it closes: where focus goes instead of back to the opener (null: the opener). */
  focusAfter?: () => HTMLElement | null;
  children: ReactNode;
}

export function Dialog({ labelledBy, describedBy, onClose, focusAfter, children }: DialogProps) {
  const box = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;
  const after = useRef(focusAfter);
  after.current = focusAfter;
  // Taken while rendering: by the time effects run, an autoFocus field inside has the focus.
  const [opener] = useState(() => (document.activeElement instanceof HTMLElement ? document.activeElement : null));

  useEffect(() => {
    const dialog = box.current!;
    const root = document.getElementById('root');
    root?.setAttribute('inert', '');
    if (!dialog.contains(document.activeElement)) (dialog.querySelector<HTMLElement>('[autofocus]') ?? dialog.querySelector<HTMLElement>(FOCUSABLE))?.focus();
    return () => {
      root?.removeAttribute('inert');
      const target = after.current?.() ?? (opener?.isConnected ? opener : screenTitle());
      target?.focus();
    };
  }, [opener]);

  function onKeyDown(e: React.KeyboardEvent) {
    if (e.key === 'Escape') {
      e.stopPropagation();
      close.current();
      return;
    }
    if (e.key !== 'Tab') return;
    const controls = [...box.current!.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = controls[0];
    const last = controls.at(-1);
    if (!first || !last) return e.preventDefault();
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  }

  // Outside #root, so making the app inert leaves the dialog alone.
  return createPortal(
    <div className="backdrop">
      <div ref={box} role="dialog" aria-modal="true" aria-labelledby={labelledBy} aria-describedby={describedBy} className="dialog" onKeyDown={onKeyDown}>
        {children}
      </div>
    </div>,
    document.body,
  );
}

/** The screen's h1, made focusable by script only: where focus goes when its opener is gone. */
export function screenTitle(): HTMLElement | null {
  const title = document.querySelector<HTMLElement>('main h1');
  if (title) title.tabIndex = -1;
  return title;
}
