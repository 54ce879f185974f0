/** The owner's import screen as the owner uses it on a phone, for browser tests. */
import type { Locator, Page } from 'playwright-core';

export class ImportPage {
  constructor(readonly page: Page) {}

  /** Logs in at /owner and opens the import from "Ещё". */
  async open(url: string, email: string, password: string): Promise<void> {
    await this.page.goto(`${url}/owner`);
    await this.page.getByLabel('Эл. почта').fill(email);
    await this.page.getByLabel('Пароль').fill(password);
    await this.page.getByRole('button', { name: 'Войти' }).click();
    await this.page.getByRole('navigation').getByRole('link', { name: 'Ещё' }).click();
    await this.page.getByRole('main').getByRole('link', { name: 'Импорт базы' }).click();
    await this.page.getByRole('heading', { name: 'Импорт базы' }).waitFor();
  }

  file(kind: 'Гости' | 'Покупки'): Locator {
    return this.page.getByRole('region', { name: kind });
  }

  /** Uploads a file and waits for its columns. */
  async upload(kind: 'Гости' | 'Покупки', path: string): Promise<void> {
    await this.page.getByLabel(`${kind}: Выбрать файл`).setInputFiles(path);
    await this.file(kind).locator('.import-columns').waitFor();
  }

  column(kind: 'Гости' | 'Покупки', header: string): Locator {
    return this.file(kind).getByLabel(`Столбец «${header}»`);
  }

  /** Runs the dry run; the lines it lists as skipped, as shown. */
  async check(): Promise<string[]> {
    await this.page.getByRole('button', { name: 'Проверить' }).click();
    const check = this.page.getByRole('region', { name: 'Проверка' });
    await check.waitFor();
    return check.locator('.import-bad li').allInnerTexts();
  }

  totals(): Promise<string[]> {
    return this.page.locator('.import-totals li').allInnerTexts();
  }
}
