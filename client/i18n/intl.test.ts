import { describe, expect, it } from 'vitest';
import { formatBytes } from './intl.ts';

describe('storage sizes', () => {
  // Intl puts a plain or a no-break space between number and unit depending on the ICU version.
  const norm = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
  it.each([
    [12.34 * 1_048_576, 'ru', '12,3 МБ'],
    [12.34 * 1_048_576, 'en', '12.3 MB'],
    [0, 'ru', '0 МБ'],
    [1023.9 * 1_048_576, 'ru', '1 023,9 МБ'],
    [1024 * 1_048_576, 'ru', '1 ГБ'],
    [1.25 * 1024 * 1_048_576, 'ru', '1,3 ГБ'],
    [1.25 * 1024 * 1_048_576, 'en', '1.3 GB'],
    [2_000 * 1024 * 1_048_576, 'ru', '2 000 ГБ'],
  ] as const)('%d bytes in %s → %j', (bytes, locale, text) => {
    expect(norm(formatBytes(bytes, locale))).toBe(text);
  });

  it('never prints the English unit or a dot decimal in Russian', () => {
    expect(formatBytes(5.5 * 1_048_576, 'ru')).not.toMatch(/MB|\./);
  });
});
