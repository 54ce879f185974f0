import { useOwnerT } from '../use-owner-t.ts';
import { OneTimeLinkForm } from './OneTimeLinkForm.tsx';

/** The owner's first visit: the one-time link the server printed, /owner/setup#<token>. */
export function SetupScreen() {
  const t = useOwnerT();
  return <OneTimeLinkForm path="/api/auth/setup" words={t.setup} askEmail />;
}
