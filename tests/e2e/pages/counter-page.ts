/** The counter as a barista uses it, for browser tests: one method per thing they do. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { seriousA11yViolations } from '../a11y.ts';

const SCREENSHOTS = join('tests', 'e2e', 'screenshots');

export class CounterPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await this.page.getByLabel('Телефон гостя').waitFor();
  }

  /** Waits until the service worker controls the page, so it can load offline. */
  async waitForServiceWorker(): Promise<void> {
    await this.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    if (!(await this.page.evaluate(() => !!navigator.serviceWorker.controller))) {
      await this.page.reload();
      await this.page.getByLabel('Телефон гостя').waitFor();
    }
  }

  async registerGuest(phone: string, name: string): Promise<void> {
    await this.page.getByLabel('Телефон гостя').fill(phone);
    await this.page.getByRole('button', { name: 'Новый гость' }).click();
    await this.page.getByLabel('Имя').fill(name);
    await this.page.getByRole('button', { name: 'Зарегистрировать' }).click();
    await this.page.getByRole('heading', { name }).waitFor();
  }

  async openGuest(phoneDigits: string, name: string): Promise<void> {
    await this.page.getByLabel('Телефон гостя').fill(phoneDigits);
    await this.page.getByRole('button', { name: new RegExp(name) }).click();
    await this.page.getByRole('heading', { name }).waitFor();
  }

  /** From the guest's card: the amount on the keypad, items from the menu (each name once per tap), record. */
  async recordPurchase(amount: string, items: string[] = []): Promise<void> {
    await this.startPurchase(amount, items);
    await this.page.getByRole('button', { name: 'Провести' }).click();
    await this.page.getByText('Покупка проведена').waitFor();
  }

  async startPurchase(amount: string, items: string[] = []): Promise<void> {
    await this.page.getByRole('button', { name: 'Покупка', exact: true }).click();
    const keypad = this.page.getByRole('group', { name: 'Цифры' });
    for (const key of amount) await keypad.getByRole('button', { name: key, exact: true }).click();
    const menu = this.page.getByRole('group', { name: 'Позиции' });
    for (const item of items) await menu.getByRole('button', { name: new RegExp(`^${item}`) }).click();
  }

  /**
   * From the guest's card: a purchase of `amount` spending points — every point the check
   * allows, or a number typed in — then record; the points earned as the card says them.
   */
  async recordPurchaseWithPoints(amount: string, points: 'all' | number): Promise<string> {
    await this.startPurchase(amount);
    const field = this.page.getByRole('group', { name: 'Списать баллы' });
    if (points === 'all') await field.getByLabel(/^Все доступные/).check();
    else await field.locator('#points').fill(String(points));
    await this.page.getByRole('button', { name: 'Провести' }).click();
    await this.page.getByText('Покупка проведена').waitFor();
    return this.page.getByTestId('points-earned').innerText();
  }

  /**
   * From the guest's card: taps the offer named `offer`, keys in `amount` and records; the
   * discount and to pay as the purchase screen showed them just before.
   */
  async recordPurchaseWithOffer(offer: string, amount: string): Promise<{ discount: string; toPay: string }> {
    await this.page.getByRole('button', { name: `Применить «${offer}»` }).click();
    await this.page.getByTestId('applied-offer').waitFor();
    const keypad = this.page.getByRole('group', { name: 'Цифры' });
    for (const key of amount) await keypad.getByRole('button', { name: key, exact: true }).click();
    const shown = { discount: await this.page.getByTestId('discount').innerText(), toPay: await this.page.getByTestId('to-pay').innerText() };
    await this.page.getByRole('button', { name: 'Провести' }).click();
    await this.page.getByText('Покупка проведена').waitFor();
    return shown;
  }

  /** The offers on the guest's card, as the barista reads them. */
  offers(): Promise<string[]> {
    return this.page.getByTestId('offers').getByRole('button').allInnerTexts();
  }

  /** The balance on the guest's card ("47 баллов"). */
  balance(): Promise<string> {
    return this.page.getByTestId('balance').innerText();
  }

  /** Voids the purchase of this amount (as shown, e.g. "99,00") on the guest's card, with a reason. */
  async voidPurchase(amount: string, reason: string): Promise<void> {
    await this.page.getByRole('button', { name: new RegExp(`^Аннулировать ${amount}`) }).click();
    const dialog = this.page.getByRole('dialog');
    await dialog.getByLabel('Причина').fill(reason);
    await dialog.getByRole('button', { name: 'Да, аннулировать' }).click();
    await this.page.getByText('Покупка аннулирована').waitFor();
  }

  /** axe-core's serious and critical findings on the screen as it stands (a11y.ts). */
  a11y(): Promise<string[]> {
    return seriousA11yViolations(this.page);
  }

  /** Saved to tests/e2e/screenshots/ (git-ignored) for a person to look at. */
  async screenshot(name: string): Promise<void> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await this.page.screenshot({ path: join(SCREENSHOTS, `counter-${name}.png`), fullPage: true });
  }

  visits(): Promise<string> {
    return this.page.locator('.facts div', { hasText: 'Визитов' }).locator('dd').innerText();
  }

  pendingCount(): Promise<string> {
    return this.page.getByTestId('pending-count').innerText();
  }

  historyAmounts(): Promise<string[]> {
    return this.page.getByRole('list', { name: 'Покупки' }).locator('.amount').allInnerTexts();
  }

  /**
   * What this tablet's own database holds for a phone (E.164): the guest's id, name and
   * visit count, read straight from IndexedDB — to wait for a sync's result, not a time.
   */
  storedGuest(phone: string): Promise<{ id: string; name: string | null; purchaseCount: number } | null> {
    return this.page.evaluate(async (phone) => {
      const done = <T>(req: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
      const db = await done(indexedDB.open('cafe-counter'));
      try {
        const tx = db.transaction(['guests', 'stats'], 'readonly');
        const guest = (await done(tx.objectStore('guests').index('phone').get(phone))) as { id: string; name: string | null } | undefined;
        if (!guest) return null;
        const stats = (await done(tx.objectStore('stats').get(guest.id))) as { purchaseCount: number } | undefined;
        return { id: guest.id, name: guest.name, purchaseCount: stats?.purchaseCount ?? 0 };
      } finally {
        db.close();
      }
    }, phone);
  }

  /**
   * Puts guests straight into this tablet's IndexedDB, as a pull would (no outbox entry):
   * many guests for a search screen without registering each through the form. Before the
   * first search, so the search reads them.
   */
  storeGuests(phones: string[]): Promise<void> {
    return this.page.evaluate(async (phones) => {
      const done = <T>(req: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          req.onsuccess = () => resolve(req.result);
          req.onerror = () => reject(req.error);
        });
      const db = await done(indexedDB.open('cafe-counter'));
      try {
        const tx = db.transaction(['guests', 'stats'], 'readwrite');
        const at = Date.now();
        for (const phone of phones) {
          const id = crypto.randomUUID();
          tx.objectStore('guests').put({
            id,
            phone,
            digits: phone.slice(2),
            last4: phone.slice(-4),
            name: null,
            birthday: null,
            consent: { granted: false, at: new Date(at).toISOString() },
            registeredAt: at,
          });
          tx.objectStore('stats').put({ guestId: id, purchaseCount: 0, firstPurchaseAt: null, lastPurchaseAt: null, totalSpend: 0, base: null });
        }
        await new Promise<void>((resolve, reject) => {
          tx.oncomplete = () => resolve();
          tx.onerror = () => reject(tx.error);
        });
      } finally {
        db.close();
      }
    }, phones);
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.page.getByLabel('Телефон гостя').waitFor();
  }
}

/** Pairs the tablet through its status bar with a code from `npm run cli -- pair`. */
export async function pairThroughUi(counter: CounterPage, code: string, name: string): Promise<void> {
  const page = counter.page;
  await page.getByRole('button', { name: 'Планшет не подключён' }).click();
  await page.getByLabel('Код подключения (8 цифр)').fill(code);
  await page.getByLabel('Название планшета').fill(name);
  await page.getByRole('button', { name: 'Подключить' }).click();
  await page.getByTestId('sync-status').waitFor();
}
