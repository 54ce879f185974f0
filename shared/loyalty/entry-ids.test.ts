import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentId } from '../domain/ids.ts';
import { accrualName, derivedEntryId, entryIdsWith, redemptionName, welcomeName } from './entry-ids.ts';
import { reversalName } from './reversal.ts';

const sha1 = (t: string) => createHash('sha1').update(t).digest('hex');

describe('derived entry ids', () => {
  it('are the same for the same name wherever they are made, and UUIDs', () => {
    const id = derivedEntryId(reversalName('0190a5c4-0000-7000-8000-000000000001'), sha1);
    expect(id).toBe(entryIdsWith(sha1)('reversal:0190a5c4-0000-7000-8000-000000000001'));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('differ by name, and never meet an imported record’s id of the same text', () => {
    const p = '0190a5c4-0000-7000-8000-000000000002';
    const ids = new Set([accrualName(p), redemptionName(p), welcomeName(p), reversalName(p)].map((n) => derivedEntryId(n, sha1)));
    expect(ids.size).toBe(4);
    expect(derivedEntryId(accrualName(p), sha1)).not.toBe(contentId(accrualName(p), sha1));
  });

  it('name what they belong to', () => {
    expect([accrualName('p'), redemptionName('p'), welcomeName('g')]).toEqual(['accrual:p', 'redemption:p', 'welcome:g']);
  });
});
