// @vitest-environment jsdom
import { beforeEach, describe, expect, it } from 'vitest';
import { rememberedMapping, rememberMapping } from './import-mapping.ts';

const HEADER = ['Телефон', 'Когда', 'Сумма'];
const SUGGESTED = ['phone', null, 'amount'];

describe('the remembered column mapping', () => {
  beforeEach(() => localStorage.clear());

  it('gives back the owner’s choice for a file with the same header and kind', () => {
    rememberMapping('purchases', HEADER, ['phone', 'purchased_at', 'amount']);
    expect(rememberedMapping('purchases', HEADER, SUGGESTED)).toEqual(['phone', 'purchased_at', 'amount']);
  });

  it('suggests from the headers for another header, another kind, or nothing remembered', () => {
    rememberMapping('purchases', HEADER, ['phone', 'purchased_at', 'amount']);
    expect(rememberedMapping('purchases', ['Телефон', 'Когда', 'Сумма', 'Касса'], [...SUGGESTED, null])).toEqual([...SUGGESTED, null]);
    expect(rememberedMapping('guests', HEADER, SUGGESTED)).toEqual(SUGGESTED);
  });

  it('ignores an entry that no longer fits: another width, a field of the other kind, damaged text', () => {
    const key = `import-mapping:purchases:${JSON.stringify(HEADER)}`;
    localStorage.setItem(key, JSON.stringify(['phone', 'purchased_at']));
    expect(rememberedMapping('purchases', HEADER, SUGGESTED)).toEqual(SUGGESTED);
    localStorage.setItem(key, JSON.stringify(['phone', 'registered_at', 'amount']));
    expect(rememberedMapping('purchases', HEADER, SUGGESTED)).toEqual(SUGGESTED);
    localStorage.setItem(key, '{not json');
    expect(rememberedMapping('purchases', HEADER, SUGGESTED)).toEqual(SUGGESTED);
  });
});
