// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, expect, it } from 'vitest';
import type { GuestProfile } from '../../../../shared/api/guest-profile.ts';
import { useOwnerUi } from '../../store.ts';
import { GuestPurchases } from './GuestPurchases.tsx';

afterEach(cleanup);

const sale = (id: string, purchasedAt: string, voided: GuestProfile['purchases'][number]['voided']) => ({
  id,
  purchasedAt,
  amount: 45_000,
  items: [],
  source: 'counter',
  device: 'Стойка у окна',
  voided,
});

it('says of a void when it was made, on which tablet and why, in the café’s zone and the owner’s language', () => {
  const profile = {
    timeZone: 'Europe/Moscow',
    purchaseCount: 2,
    purchases: [
      sale('b', '2026-11-22T06:00:00Z', { at: '2026-11-22T06:05:00Z', reason: 'не та сумма', by: 'Касса 2' }),
      sale('a', '2026-11-21T06:00:00Z', { at: '2026-11-21T06:01:00Z', reason: 'ошибка', by: null }),
    ],
  } as unknown as GuestProfile;
  useOwnerUi.setState({ locale: 'ru' });
  const { unmount } = render(<GuestPurchases profile={profile} />);
  const voids = () => screen.getAllByTestId('profile-purchase').map((li) => li.querySelector('.purchase-void')?.textContent);
  expect(voids()).toEqual(['аннулирована 22 нояб. 2026 г., 09:05 на «Касса 2»: не та сумма', 'аннулирована 21 нояб. 2026 г., 09:01: ошибка']);
  unmount();
  useOwnerUi.setState({ locale: 'en' });
  render(<GuestPurchases profile={profile} />);
  expect(voids()[0]).toBe('voided 22 Nov 2026, 09:05 on “Касса 2”: не та сумма');
});
