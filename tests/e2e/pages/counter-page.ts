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
