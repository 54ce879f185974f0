/** The owner's screens as the owner uses them on a phone, for browser tests; with the checks every screen must pass. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export const SCREENSHOTS = join('tests', 'e2e', 'screenshots');

/** axe rules the audit found broken on these screens once: held at zero whatever their impact. */
const ONCE_BROKEN = new Set(['landmark-one-main', 'heading-order', 'scrollable-region-focusable', 'color-contrast', 'page-has-heading-one', 'region']);

export class OwnerPage {
  constructor(readonly page: Page) {}

  async login(url: string, email: string, password: string): Promise<void> {
    await this.page.goto(`${url}/owner`);
    await this.page.getByLabel('Эл. почта').fill(email);
    await this.page.getByLabel('Пароль').fill(password);
    await this.page.getByRole('button', { name: 'Войти' }).click();
    await this.page.getByRole('heading', { name: 'Сегменты сегодня' }).waitFor();
  }

  /** A screen of the bottom bar, or one listed under "Ещё". */
  async tab(name: 'Сегменты' | 'Переходы' | 'Динамика' | 'Рассылки' | 'Баллы' | 'Настройки' | 'Планшеты'): Promise<void> {
    const nav = this.page.getByRole('navigation');
    if (name === 'Баллы' || name === 'Настройки' || name === 'Планшеты') {
      await nav.getByRole('link', { name: 'Ещё' }).click();
      await this.page.getByRole('main').getByRole('link', { name }).click();
    } else await nav.getByRole('link', { name }).click();
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

  /** Every chart on the screen drawn (uPlot loads with the first one). */
  async chartsDrawn(): Promise<void> {
    await this.page.waitForFunction(() => [...document.querySelectorAll('.chart')].every((c) => c.querySelector('canvas')));
  }

  /** axe-core's serious and critical violations on the screen as it is, plus any of the rules once broken here. */
  async accessibilityProblems(): Promise<string[]> {
    const { violations } = await new AxeBuilder({ page: this.page }).analyze();
    return violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical' || ONCE_BROKEN.has(v.id))
      .map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  /** Elements that stick out past the right edge of the screen, when the page scrolls sideways at all. */
  async horizontalOverflow(): Promise<string[]> {
    return this.page.evaluate(() => {
      const root = document.documentElement;
      if (root.scrollWidth <= root.clientWidth) return [];
      const width = root.clientWidth;
      const out: string[] = [`page ${root.scrollWidth} px wide in a ${width} px screen`];
      for (const el of document.querySelectorAll('body *')) {
        const box = el.getBoundingClientRect();
        if (box.right > width + 0.5 && box.width > 0) out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ends at ${Math.round(box.right)}`);
        if (out.length > 12) break;
      }
      return out;
    });
  }

  async screenshot(name: string): Promise<void> {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await this.page.screenshot({ path: join(SCREENSHOTS, `owner-${name}.png`), fullPage: true });
  }
}
