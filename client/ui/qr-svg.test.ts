import { describe, expect, it } from 'vitest';
import { decodeQrSvg, modulesOf } from '../../tests/support/qr-decode.ts';
import { qrSvg, svgDataUrl } from './qr-svg.ts';

const LINK = 'https://t.me/cafe_loyalty_bot?start=c0190d4a7e3b7c8a9d0e1f2a3b4c5d6e';

describe('the QR code of the bot link', () => {
  it('decodes, by an independent reader, to exactly the deep link with its start parameter', async () => {
    const svg = await qrSvg(LINK);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(decodeQrSvg(svg)).toBe(LINK);
  });

  it('differs for another start parameter, and keeps a quiet zone of four modules', async () => {
    const other = await qrSvg(LINK.replace(/.$/, 'f'));
    expect(decodeQrSvg(other)).toBe(LINK.replace(/.$/, 'f'));
    const grid = modulesOf(await qrSvg(LINK));
    const border = [...grid.slice(0, 4).flat(), ...grid.slice(-4).flat(), ...grid.flatMap((row) => [...row.slice(0, 4), ...row.slice(-4)])];
    expect(border.every((dark) => !dark)).toBe(true);
    expect(grid[4]![4]).toBe(true); // the finder pattern's corner
  });

  it('travels as a data URL that holds the same SVG', async () => {
    const svg = await qrSvg(LINK);
    const url = svgDataUrl(svg);
    expect(url.startsWith('data:image/svg+xml;charset=utf-8,')).toBe(true);
    expect(decodeURIComponent(url.slice(url.indexOf(',') + 1))).toBe(svg);
  });
});
