/**
 * Accessibility audit of the page as it stands, with axe-core (through @axe-core/playwright):
 * WCAG 2.1 A and AA and axe's best practices. Only serious and critical violations fail a
 * test; they are returned as one line each (rule, impact, the elements) so a failure says
 * what to fix.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** The page must come from `browser.newContext()`: axe opens a page of its own in that context. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Everything a page reports that a normal load must not: script errors, CSP refusals and any
 * console error (Chromium logs a 4xx/5xx response as one too, so an unexpected 404 shows here).
 */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  return problems;
}
