import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentId } from './ids.ts';

const sha1 = (t: string) => createHash('sha1').update(t).digest('hex');

describe('ids', () => {
  it('gives the same content the same UUID v5-layout id, and different content another', () => {
    const a = contentId('cafe|+79120000001|2026-01-01T00:00:00.000Z|100|1', sha1);
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(contentId('cafe|+79120000001|2026-01-01T00:00:00.000Z|100|1', sha1)).toBe(a);
    expect(contentId('cafe|+79120000001|2026-01-01T00:00:00.000Z|100|2', sha1)).not.toBe(a);
  });
});
