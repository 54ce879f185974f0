/**
 * Reads back a QR code that qrSvg drew. The SVG's dark path is rows of horizontal
 * runs (`M x y.5 h n`, then `m dx dy h n` relative moves); they are painted into a bitmap
 * (4 px per module) and decoded with jsQR, an independent decoder, so a test checks the
 * code a camera would read, not the encoder's own idea of it.
 */
import jsQR from 'jsqr';

export function modulesOf(svg: string): boolean[][] {
  const size = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1]);
  const d = /<path stroke="#000000" d="([^"]+)"/.exec(svg)?.[1];
  if (!size || !d) throw new Error('not an SVG drawn by qrcode');
  const grid = Array.from({ length: size }, () => Array<boolean>(size).fill(false));
  let x = 0;
  let y = 0;
  for (const [, cmd, a, b] of d.matchAll(/([MmHhVv])(-?[\d.]+)(?:[ ,](-?[\d.]+))?/g)) {
    const n = Number(a);
    if (cmd === 'M') [x, y] = [n, Number(b)];
    else if (cmd === 'm') [x, y] = [x + n, y + Number(b)];
    else if (cmd === 'h') {
      for (let i = 0; i < n; i += 1) grid[Math.floor(y)]![x + i] = true;
      x += n;
    } else throw new Error(`unexpected path command ${cmd}`);
  }
  return grid;
}

export function decodeQrSvg(svg: string): string | null {
  const grid = modulesOf(svg);
  const scale = 4;
  const side = grid.length * scale;
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255);
  for (let py = 0; py < side; py += 1) {
    for (let px = 0; px < side; px += 1) {
      if (!grid[Math.floor(py / scale)]![Math.floor(px / scale)]) continue;
      const at = (py * side + px) * 4;
      pixels[at] = pixels[at + 1] = pixels[at + 2] = 0;
    }
  }
  return jsQR(pixels, side, side)?.data ?? null;
}
