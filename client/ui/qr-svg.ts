/**
 * A link as a QR code, drawn as an SVG document by `qrcode` (loaded only when a code is
 * drawn — the owner's poster, the counter's Telegram panel — so neither app's first load
 * carries it). Error correction M survives a
 * poster's smudges and creases at the size of a Telegram deep link; the quiet zone is the
 * standard four modules, so a phone's camera finds it on any wall.
 */
export async function qrSvg(text: string): Promise<string> {
  const qrcode = (await import('qrcode')).default;
  return qrcode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, color: { dark: '#000000', light: '#ffffff' } });
}

/** An SVG document as an image source an `<img>` prints like any picture. */
export const svgDataUrl = (svg: string): string => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
