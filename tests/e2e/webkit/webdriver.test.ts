import { describe, expect, it } from 'vitest';
import { WebDriverError, waitFor, xpathLiteral } from './webdriver.ts';

describe('xpathLiteral', () => {
  it('quotes with apostrophes when the text has none', () => {
    expect(xpathLiteral('Анна')).toBe("'Анна'");
    expect(xpathLiteral('')).toBe("''");
  });

  it('quotes with double quotes when the text has apostrophes only', () => {
    expect(xpathLiteral("O'Neil")).toBe(`"O'Neil"`);
  });

  it('joins the pieces with concat() when the text has both kinds of quote', () => {
    expect(xpathLiteral(`a'b"c`)).toBe(`concat('a', "'", 'b"c')`);
  });
});

describe('waitFor', () => {
  it('returns the first value that is not undefined or false, retrying "not yet" driver errors', async () => {
    const answers: (() => string | false | undefined)[] = [
      () => {
        throw new WebDriverError('no such element', 'x');
      },
      () => false,
      () => undefined,
      () => {
        throw new WebDriverError('stale element reference', 'x');
      },
      () => 'found',
    ];
    let calls = 0;
    const value = await waitFor('it', async () => answers[calls++]!());
    expect(value).toBe('found');
    expect(calls).toBe(5);
  });

  it('keeps an empty string and an empty list as values', async () => {
    expect(await waitFor('it', async () => '')).toBe('');
    expect(await waitFor('it', async () => [])).toEqual([]);
  });

  it('fails at once on any other error', async () => {
    let calls = 0;
    const failing = waitFor('it', async () => {
      calls++;
      throw new WebDriverError('javascript error', 'boom');
    });
    await expect(failing).rejects.toThrow('javascript error: boom');
    expect(calls).toBe(1);
  });

  it('times out naming what it waited for and the last driver error', async () => {
    const never = waitFor(
      'the guest',
      async () => {
        throw new WebDriverError('no such element', '//h2');
      },
      { timeoutMs: 0 },
    );
    await expect(never).rejects.toThrow('timed out after 0 ms waiting for the guest (last: no such element: //h2)');
  });
});
