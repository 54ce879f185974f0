/** The counter as a barista uses it, for browser tests: one method per thing they do. */
import type { Page } from 'playwright-core';

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

  async recordPurchase(amount: string): Promise<void> {
    await this.page.getByRole('button', { name: 'Покупка', exact: true }).click();
    const keypad = this.page.getByRole('group', { name: 'Цифры' });
    for (const key of amount) await keypad.getByRole('button', { name: key, exact: true }).click();
    await this.page.getByRole('button', { name: 'Провести' }).click();
    await this.page.getByText('Покупка проведена').waitFor();
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
