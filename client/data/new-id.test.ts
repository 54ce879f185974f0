import { describe, expect, it } from 'vitest';
import { newId } from './new-id.ts';

describe('new ids', () => {
  it('makes time-ordered UUID v7 ids on the device', () => {
    const ids = Array.from({ length: 50 }, () => newId<string>());
    expect(ids.every((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-7/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(50);
  });
});
