/** The owner's screens as the owner uses them on a phone, for browser tests. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';

export const SCREENSHOTS = join('tests', 'e2e', 'screenshots');

export class OwnerPage {
  constructor(readonly page: Page) {}

  async login(url: string, email: string, password: string): Promise<void> {
    await this.page.goto(`${url}/owner`);
    await this.page.getByLabel('Эл. почта').fill(email);
    await this.page.getByLabel('Пароль').fill(password);
    await this.page.getByRole('button', { name: 'Войти' }).click();
    await this.page.getByRole('heading', { name: 'Сегменты сегодня' }).waitFor();
  }

  async tab(name: 'Сегменты' | 'Переходы' | 'Динамика' | 'Настройки' | 'Планшеты'): Promise<void> {
    await this.page.getByRole('navigation').getByRole('button', { name }).click();
  }

  /** Guests per segment id, as the segments screen shows them. */
  async segmentCounts(): Promise<Record<string, number>> {
    await this.page.locator('[data-segment]').first().waitFor();
    const cards = await this.page.locator('[data-segment]').all();
    const out: Record<string, number> = {};
    for (const card of cards) {
      const id = (await card.getAttribute('data-segment'))!;
      out[id] = Number((await card.getByTestId(`guests-${id}`).innerText()).replace(/\D/g, ''));
    }
    return out;
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await this.page.screenshot({ path: join(SCREENSHOTS, `owner-${name}.png`), fullPage: true });
  }
}
