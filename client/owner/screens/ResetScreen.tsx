import { useOwnerT } from '../use-owner-t.ts';
import { OneTimeLinkForm } from './OneTimeLinkForm.tsx';

/** A forgotten password: the one-time link `npm run cli -- owner reset-password` printed, /owner/reset#<token>. */
export function ResetScreen() {
  const t = useOwnerT();
  return <OneTimeLinkForm path="/api/auth/reset" words={t.reset} askEmail={false} />;
}
