import { describe, expect, it } from 'vitest';
import { sniff } from './sniff.ts';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
/** Text in a single-byte encoding, byte by byte from the encoding's table. */
const encoded = (text: string, table: Record<string, number>) => Buffer.from([...text].map((ch) => table[ch] ?? ch.charCodeAt(0)));

// "Анна" and "Иван Петров" letters: Windows-1251 puts А at 0xC0 and а at 0xE0; KOI8-R the other way round; CP866 а..п at 0xA0.
const CP1251: Record<string, number> = { А: 0xc0, И: 0xc8, П: 0xcf, н: 0xed, а: 0xe0, в: 0xe2, е: 0xe5, т: 0xf2, р: 0xf0, о: 0xee };
const KOI8R: Record<string, number> = { А: 0xe1, И: 0xe9, П: 0xf0, н: 0xce, а: 0xc1, в: 0xd7, е: 0xc5, т: 0xd4, р: 0xd2, о: 0xcf };
const CP866: Record<string, number> = { А: 0x80, И: 0x88, П: 0x8f, н: 0xad, а: 0xa0, в: 0xa2, е: 0xa5, т: 0xe2, р: 0xe0, о: 0xae };
const NAMES = 'phone;name\n89120000001;Анна\n89120000002;Иван Петров\n';

describe('telling an import file by its first bytes', () => {
  it('takes UTF-8 text, with or without a BOM, as a CSV', () => {
    expect(sniff(bytes('phone,name,registered_at\n+79120000001,Анна,2026-01-01\n'), true)).toEqual({ kind: 'text' });
    expect(sniff(bytes([0xef, 0xbb, 0xbf], 'Телефон;Имя\n'), true)).toEqual({ kind: 'text' });
    expect(sniff(bytes(''), true)).toEqual({ kind: 'text' });
  });

  it('forgives a character cut off at the end of a sample, not of a whole file', () => {
    const cut = bytes('Анна').subarray(0, 3); // А and half of н
    expect(sniff(cut, false)).toEqual({ kind: 'text' });
    expect(sniff(cut, true).kind).toBe('other-encoding');
  });

  it('knows a workbook (zip) and an Office compound file', () => {
    expect(sniff(bytes([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]), false)).toEqual({ kind: 'xlsx' });
    expect(sniff(bytes([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), false)).toEqual({ kind: 'compound' });
  });

  it('names the encoding of a Cyrillic CSV that is not UTF-8', () => {
    expect(sniff(encoded(NAMES, CP1251), true)).toEqual({ kind: 'other-encoding', encoding: 'Windows-1251' });
    expect(sniff(encoded(NAMES, KOI8R), true)).toEqual({ kind: 'other-encoding', encoding: 'KOI8-R' });
    expect(sniff(encoded(NAMES, CP866), true)).toEqual({ kind: 'other-encoding', encoding: 'CP866' });
    expect(sniff(bytes([0xff, 0xfe], [0x70, 0, 0x68, 0]), false)).toEqual({ kind: 'other-encoding', encoding: 'UTF-16' });
  });

  it('calls anything else with NUL bytes binary', () => {
    expect(sniff(bytes('%PDF-1.7\n', [0, 1, 2, 0xff]), false)).toEqual({ kind: 'binary' });
    expect(sniff(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), false)).toEqual({ kind: 'binary' });
  });
});
