/**
 * The counter as a barista uses it, for WebKit through WebDriver: the same methods as
 * ../pages/counter-page.ts (Playwright), with elements found by what the barista reads —
 * a label's text, a button's name, a heading — written as XPath.
 */
import { type WebDriverSession, xpathLiteral as q } from './webdriver.ts';

/** The input whose <label> reads `label`. */
const input = (label: string) => `//input[@id = //label[normalize-space(.) = ${q(label)}]/@for]`;
/** The button named exactly `name`, by its text or its aria-label. */
const button = (name: string, within = '') => `${within}//button[normalize-space(.) = ${q(name)} or @aria-label = ${q(name)}]`;
const heading = (name: string) => `//*[self::h1 or self::h2 or self::h3][normalize-space(.) = ${q(name)}]`;
const hasClass = (name: string) => `contains(concat(' ', normalize-space(@class), ' '), ' ${name} ')`;

const SEARCH = input('Телефон гостя');

export class CounterPage {
  constructor(readonly session: WebDriverSession) {}

  async open(url: string): Promise<void> {
    await this.session.navigate(url);
    await this.session.waitForElement(SEARCH);
  }

  /** Waits until the service worker controls the page, so it can load offline. */
  async waitForServiceWorker(): Promise<void> {
    const controlled = await this.session.execute<boolean>('return navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)');
    if (!controlled) await this.reload();
    if (!(await this.controlledByServiceWorker())) throw new Error('the service worker does not control the page after a reload');
  }

  controlledByServiceWorker(): Promise<boolean> {
    return this.session.execute<boolean>('return !!navigator.serviceWorker.controller');
  }

  /** Whether a request from the page reaches the server at all (any answer counts; only a network error does not). */
  serverReachable(): Promise<boolean> {
    return this.session.execute<boolean>("return fetch('/api/openapi.json', { cache: 'no-store' }).then(() => true, () => false)");
  }

  async registerGuest(phone: string, name: string): Promise<void> {
    await this.session.fill(SEARCH, phone);
    await this.session.click(button('Новый гость'));
    await this.session.fill(input('Имя'), name);
    await this.session.click(button('Зарегистрировать'));
    await this.session.waitForElement(heading(name));
  }

  async openGuest(phoneDigits: string, name: string): Promise<void> {
    await this.session.fill(SEARCH, phoneDigits);
    await this.session.click(`//ul[@aria-label = ${q('Найденные гости')}]//button[contains(normalize-space(.), ${q(name)})]`);
    await this.session.waitForElement(heading(name));
  }

  async recordPurchase(amount: string): Promise<void> {
    await this.session.click(button('Покупка'));
    const keypad = `//fieldset[@aria-label = ${q('Цифры')}]`;
    for (const key of amount) await this.session.click(button(key, keypad));
    await this.session.click(button('Провести'));
    await this.session.waitForElement(`//*[@role = 'status'][normalize-space(.) = ${q('Покупка проведена')}]`);
  }

  visits(): Promise<string> {
    return this.session.text(`//dl[${hasClass('facts')}]/div[dt[normalize-space(.) = ${q('Визитов')}]]/dd`);
  }

  pendingCount(): Promise<string> {
    return this.session.text(`//*[@data-testid = 'pending-count']`);
  }

  historyAmounts(): Promise<string[]> {
    return this.session.texts(`//section[h2[normalize-space(.) = ${q('Покупки')}]]//ul//*[${hasClass('amount')}]`);
  }

  async reload(): Promise<void> {
    await this.session.reload();
    await this.session.waitForElement(SEARCH);
  }
}
